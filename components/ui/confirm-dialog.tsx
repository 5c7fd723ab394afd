"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";

type Props = {
  open: boolean;
  title: string;
  description: string;
  confirmLabel: string;
  onClose: () => void;
  /** Runs the change; returns an error message to show, or null when it worked. */
  onConfirm: () => Promise<string | null>;
};

/** A destructive confirmation: Cancel, or the red button; errors stay in the dialog. */
export function ConfirmDialog({ open, title, description, confirmLabel, onClose, onConfirm }: Props) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    if (pending) return;
    setError(null);
    onClose();
  };

  const confirm = () =>
    startTransition(async () => {
      const message = await onConfirm().catch(() => "The server did not answer. Check your connection and try again.");
      setError(message);
      if (!message) onClose();
    });

  return (
    <Modal open={open} onOpenChange={(next) => (next ? undefined : close())} role="alertdialog" title={title} description={description}>
      {error ? (
        <div className="mt-4">
          <FormAlert>{error}</FormAlert>
        </div>
      ) : null}
      <div className="mt-6 flex justify-end gap-3">
        <Button variant="secondary" onClick={close} disabled={pending}>
          Cancel
        </Button>
        <Button variant="danger" onClick={confirm} pending={pending}>
          {confirmLabel}
        </Button>
      </div>
    </Modal>
  );
}
