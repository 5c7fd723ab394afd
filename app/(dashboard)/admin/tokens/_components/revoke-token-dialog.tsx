"use client";

import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { AdminTokenRow } from "@/lib/dal/admin";
import { revokeTokenAction } from "../actions";

type Props = {
  token: AdminTokenRow | null;
  onClose: () => void;
  onRevoked: (name: string, ownerEmail: string) => void;
};

export function RevokeTokenDialog({ token, onClose, onRevoked }: Props) {
  return (
    <ConfirmDialog
      open={token !== null}
      title={token ? `Revoke “${token.name}” of ${token.ownerEmail}?` : "Revoke token?"}
      description="The token stops working at once, for every script that uses it. Its owner cannot undo this; the audit log records that you revoked it."
      confirmLabel="Revoke token"
      onClose={onClose}
      onConfirm={async () => {
        if (!token) return null;
        const result = await revokeTokenAction({ id: token.id });
        if (!result.ok) return result.message;
        onRevoked(result.data.name, result.data.ownerEmail);
        return null;
      }}
    />
  );
}
