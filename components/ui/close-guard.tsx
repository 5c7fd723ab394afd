"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";

/** What to ask before a panel closes, while closing would lose something (an uncopied secret, a half-filled form). */
export type CloseQuestion = { title: string; description: string; keepLabel: string; closeLabel: string };

/**
 * A panel's close (Escape, the overlay, its X, its own button), asked first while `question`
 * is set. Returns the close to call and the question's dialog, to render beside the panel:
 * a layer of its own, so Escape there answers "keep it open", not "close the panel".
 */
export function useCloseGuard(question: CloseQuestion | null | (() => CloseQuestion | null), close: () => void) {
  // The question asked, as it stood when the close was asked for: a function is read then, so
  // that a change made just before (a radio clicked, then Escape) is seen before React renders it.
  const [asked, setAsked] = useState<CloseQuestion | null>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  // Closing for good: the panel closes too and gives focus back to what opened it, not this question.
  const closing = useRef(false);
  const requestClose = () => {
    const now = typeof question === "function" ? question() : question;
    if (now) setAsked(now);
    else close();
  };
  const dialog = (
    <Modal
      open={asked !== null}
      onOpenChange={(open) => {
        if (!open) setAsked(null);
      }}
      role="alertdialog"
      stacked
      title={asked?.title ?? ""}
      description={asked?.description}
      // "Keep" takes focus: Enter keeps what would be lost.
      initialFocus={keepRef}
      returnFocus={() => {
        const panelCloses = closing.current;
        closing.current = false;
        return panelCloses ? false : null;
      }}
    >
      <div className="mt-6 flex flex-wrap justify-end gap-3">
        <Button ref={keepRef} variant="secondary" onClick={() => setAsked(null)}>
          {asked?.keepLabel}
        </Button>
        <Button
          variant="danger"
          onClick={() => {
            closing.current = true;
            setAsked(null);
            close();
          }}
        >
          {asked?.closeLabel}
        </Button>
      </div>
    </Modal>
  );
  return { requestClose, dialog };
}
