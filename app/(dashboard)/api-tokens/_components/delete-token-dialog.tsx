"use client";

import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { TokenRow } from "@/lib/dal/tokens";
import { deleteTokenAction } from "../actions";

type Props = {
  token: TokenRow | null;
  onClose: () => void;
  onDeleted: (name: string) => void;
};

export function DeleteTokenDialog({ token, onClose, onDeleted }: Props) {
  return (
    <ConfirmDialog
      open={token !== null}
      title={token ? `Delete “${token.name}”?` : "Delete token?"}
      description="Any script or service that uses this token stops working at once. This cannot be undone."
      confirmLabel="Delete token"
      onClose={onClose}
      onConfirm={async () => {
        if (!token) return null;
        const result = await deleteTokenAction({ id: token.id });
        if (!result.ok) return result.message;
        onDeleted(result.data.name);
        return null;
      }}
    />
  );
}
