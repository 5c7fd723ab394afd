"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import type { TokenRow } from "@/lib/dal/tokens";
import { deleteTokenAction } from "../actions";

type Props = {
  token: TokenRow | null;
  onClose: () => void;
  onDeleted: (name: string) => void;
};

export function DeleteTokenDialog({ token, onClose, onDeleted }: Props) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    if (pending) return;
    setError(null);
    onClose();
  };

  const confirm = () => {
    if (!token) return;
    startTransition(async () => {
      const result = await deleteTokenAction({ id: token.id }).catch(() => null);
      if (!result) {
        setError("The server did not answer. Check your connection and try again.");
        return;
      }
      if (!result.ok) {
        setError(result.message);
        return;
      }
      setError(null);
      onClose();
      onDeleted(result.data.name);
    });
  };

  return (
    <Modal
      open={token !== null}
      onOpenChange={(open) => (open ? undefined : close())}
      role="alertdialog"
      title={token ? `Delete “${token.name}”?` : "Delete token?"}
      description="Any script or service that uses this token stops working at once. This cannot be undone."
    >
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
          Delete token
        </Button>
      </div>
    </Modal>
  );
}
