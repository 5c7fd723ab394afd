"use client";

import { useRef, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { MESSAGES, type ActionResult } from "@/lib/model";

type Props<S, R> = {
  /** What the confirmation is about; the dialog is open while there is one. */
  subject: S | null;
  title: (subject: S) => string;
  description: string;
  confirmLabel: string;
  /** The server action that makes the change. */
  action: (subject: S) => Promise<ActionResult<R>>;
  onClose: () => void;
  /** Called with the action's answer once the change is made, after the dialog has closed. */
  onDone: (data: R) => void;
  /** A choice to make before confirming (Roll's overlap), between the description and the buttons. */
  children?: React.ReactNode;
  /** "danger" (the default) for a destructive change, an alertdialog; "primary" for one that is not, a dialog. */
  tone?: "danger" | "primary";
  /** Where focus goes once the change is made (by default back to what opened the dialog, if it is still there). */
  focusAfterDone?: () => HTMLElement | null;
};

/** A confirmation: Cancel, or the confirming button (red for a destructive change); errors stay in the dialog. */
export function ConfirmDialog<S, R>({
  subject,
  title,
  description,
  confirmLabel,
  action,
  onClose,
  onDone,
  children,
  tone = "danger",
  focusAfterDone,
}: Props<S, R>) {
  const [pending, startTransition] = useTransition();
  const done = useRef(false);
  // Cancel takes focus as it opens: Enter does not make the change by accident.
  const cancelRef = useRef<HTMLButtonElement>(null);
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    if (pending) return;
    setError(null);
    onClose();
  };

  const confirm = () =>
    startTransition(async () => {
      if (!subject) return;
      const result = await action(subject).catch((): ActionResult<R> => ({ ok: false, message: MESSAGES.noAnswer }));
      if (!result.ok) {
        // A field's own words (a reason left empty) say more than "check the fields".
        setError(Object.values(result.fieldErrors ?? {}).find((messages) => messages?.[0])?.[0] ?? result.message);
        return;
      }
      setError(null);
      done.current = true;
      onClose();
      onDone(result.data);
    });

  return (
    <Modal
      open={subject !== null}
      onOpenChange={(next) => (next ? undefined : close())}
      role={tone === "danger" ? "alertdialog" : "dialog"}
      title={subject ? title(subject) : ""}
      description={description}
      initialFocus={cancelRef}
      returnFocus={() => {
        const after = done.current ? (focusAfterDone?.() ?? null) : null;
        done.current = false;
        return after;
      }}
    >
      {children}
      {error ? (
        <div className="mt-4">
          <FormAlert>{error}</FormAlert>
        </div>
      ) : null}
      <div className="mt-6 flex justify-end gap-3">
        <Button ref={cancelRef} variant="secondary" onClick={close} disabled={pending}>
          Cancel
        </Button>
        <Button variant={tone} onClick={confirm} pending={pending}>
          {confirmLabel}
        </Button>
      </div>
    </Modal>
  );
}
