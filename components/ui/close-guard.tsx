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
export function useCloseGuard(question: CloseQuestion | null, close: () => void) {
  const [asking, setAsking] = useState(false);
  const keepRef = useRef<HTMLButtonElement>(null);
  // Closing for good: the panel closes too and gives focus back to what opened it, not this question.
  const closing = useRef(false);
  const requestClose = () => (question ? setAsking(true) : close());
  const dialog = (
    <Modal
      open={asking && question !== null}
      onOpenChange={(open) => setAsking(open)}
      role="alertdialog"
      stacked
      title={question?.title ?? ""}
      description={question?.description}
      // "Keep" takes focus: Enter keeps what would be lost.
      initialFocus={keepRef}
      returnFocus={() => {
        const panelCloses = closing.current;
        closing.current = false;
        return panelCloses ? false : null;
      }}
    >
      <div className="mt-6 flex flex-wrap justify-end gap-3">
        <Button ref={keepRef} variant="secondary" onClick={() => setAsking(false)}>
          {question?.keepLabel}
        </Button>
        <Button
          variant="danger"
          onClick={() => {
            closing.current = true;
            setAsking(false);
            close();
          }}
        >
          {question?.closeLabel}
        </Button>
      </div>
    </Modal>
  );
  return { requestClose, dialog };
}
