"use client";

import { RotateCcwKey, Trash2 } from "lucide-react";
import { TokenDetailsDrawer } from "@/components/token-details/token-details-drawer";
import { Button } from "@/components/ui/button";
import { expiryStatus } from "@/lib/model";
import type { Catalogue } from "@/lib/permissions";
import { type TokenRow } from "@/lib/token-columns";
import { tokenDetailsAction, tokenRequestsAction, tokenUsageAction } from "../actions";
import { EditTokenForm } from "./edit-token-form";
import { NarrowPermissions } from "./narrow-permissions";
import { ROW_WORDS } from "../words";

/** Whether the token can still be rolled: an expired one cannot (its owner creates a new one). */
const ACTIVITY = { usage: tokenUsageAction, requests: tokenRequestsAction };

const canRoll = (token: TokenRow) => expiryStatus(token.expiresAt, Date.now()) !== "expired";

/**
 * The owner's details panel, with Edit, Roll and Delete (the last two close it and open the
 * listing's own dialogs), and Remove unused permissions: loaded on demand, so that its form
 * stays out of the listing's first load.
 */
export function OwnerTokenDetails({
  open,
  catalogue,
  onClose,
  onUpdated,
  onRoll,
  onDelete,
}: {
  open: { id: string; edit: boolean } | null;
  catalogue: Catalogue;
  onClose: () => void;
  onUpdated: (name: string) => void;
  onRoll: (token: TokenRow) => void;
  onDelete: (token: TokenRow) => void;
}) {
  const then = (next: (token: TokenRow) => void, token: TokenRow) => {
    onClose();
    next(token);
  };
  return (
    <TokenDetailsDrawer
      tokenId={open?.id ?? null}
      startInEdit={open?.edit ?? false}
      load={tokenDetailsAction}
      activity={ACTIVITY}
      catalogue={catalogue}
      onClose={onClose}
      permissionsAction={(details, changed) => (
        <NarrowPermissions token={details} catalogue={catalogue} onChanged={changed} onDelete={() => then(onDelete, details)} />
      )}
      actions={(details) => (
        <>
          <Button variant="danger-ghost" onClick={() => then(onDelete, details)}>
            <Trash2 className="size-4" aria-hidden="true" />
            {ROW_WORDS.delete}
          </Button>
          {canRoll(details) ? (
            <Button variant="secondary" onClick={() => then(onRoll, details)}>
              <RotateCcwKey className="size-4" aria-hidden="true" />
              {ROW_WORDS.roll}
            </Button>
          ) : null}
        </>
      )}
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
