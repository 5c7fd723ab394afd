"use client";

import { RotateCcwKey, Trash2 } from "lucide-react";
import { useMemo } from "react";
import { TokenDetailsDrawer } from "@/components/token-details/token-details-drawer";
import { Button } from "@/components/ui/button";
import { expiryStatus } from "@/lib/model";
import type { Catalogue } from "@/lib/permissions";
import { type TokenRow } from "@/lib/token-columns";
import { tokenDetailsAction, tokenRequestsAction, tokenUsageAction } from "../actions";
import { EditTokenForm } from "./edit-token-form";
import { NarrowPermissions } from "./narrow-permissions";
import { ROW_WORDS } from "../words";
import { useInContext } from "./team-context";

/** Whether the token can still be rolled: an expired one cannot (its owner creates a new one). */
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
  canManage = true,
}: {
  open: { id: string; edit: boolean } | null;
  catalogue: Catalogue;
  onClose: () => void;
  onUpdated: (name: string) => void;
  onRoll: (token: TokenRow) => void;
  onDelete: (token: TokenRow) => void;
  /** False for a team member who may not change the team's tokens: the panel only shows. */
  canManage?: boolean;
}) {
  const inContext = useInContext();
  // In a team's context every read names the team: the server checks the membership.
  const [load, activity] = useMemo(
    () =>
      [
        (input: { id: string }) => tokenDetailsAction(inContext(input)),
        {
          usage: (input: Parameters<typeof tokenUsageAction>[0] & object) => tokenUsageAction(inContext(input)),
          requests: (input: Parameters<typeof tokenRequestsAction>[0] & object) => tokenRequestsAction(inContext(input)),
        },
      ] as const,
    [inContext],
  );
  const then = (next: (token: TokenRow) => void, token: TokenRow) => {
    onClose();
    next(token);
  };
  return (
    <TokenDetailsDrawer
      tokenId={open?.id ?? null}
      startInEdit={open?.edit ?? false}
      load={load}
      activity={activity}
      catalogue={catalogue}
      onClose={onClose}
      permissionsAction={
        canManage
          ? (details, changed) => (
              <NarrowPermissions token={details} catalogue={catalogue} onChanged={changed} onDelete={() => then(onDelete, details)} />
            )
          : undefined
      }
      actions={
        canManage
          ? (details) => (
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
            )
          : undefined
      }
      renderEdit={
        canManage
          ? (details, done) => (
              <EditTokenForm
                token={details}
                onDone={(saved) => {
                  done(saved !== null);
                  if (saved) onUpdated(saved.name);
                }}
              />
            )
          : undefined
      }
    />
  );
}
