"use client";

import { TokenDetailsDrawer } from "@/components/token-details/token-details-drawer";
import { tokenDetailsAction } from "../actions";
import { EditTokenForm } from "./edit-token-form";

/** The owner's details panel, with Edit: loaded on demand, so that its form stays out of the listing's first load. */
export function OwnerTokenDetails({
  open,
  onClose,
  onUpdated,
}: {
  open: { id: string; edit: boolean } | null;
  onClose: () => void;
  onUpdated: (name: string) => void;
}) {
  return (
    <TokenDetailsDrawer
      tokenId={open?.id ?? null}
      startInEdit={open?.edit ?? false}
      load={tokenDetailsAction}
      onClose={onClose}
      renderEdit={(details, done) => (
        <EditTokenForm
          token={details}
          onDone={(saved) => {
            done(saved !== null);
            if (saved) onUpdated(saved.name);
          }}
        />
      )}
    />
  );
}
