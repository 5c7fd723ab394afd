"use client";

import { Trash2 } from "lucide-react";
import { useState } from "react";
import { PERMISSIONS_HEADING_ID } from "@/components/token-details/details-body";
import { DETAILS_WORDS } from "@/components/token-details/words";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useMinute } from "@/components/ui/last-used";
import type { TokenDetails } from "@/lib/model";
import { groupByResource, narrowingOf, summarise, type Catalogue } from "@/lib/permissions";
import { narrowTokenAction } from "../actions";
import { NARROW_WORDS, ROW_WORDS } from "../words";
import { useInContext } from "./team-context";

type Narrowing = { token: TokenDetails; removing: string[]; kept: string[] };

/**
 * Under the owner's list of permissions: when some went unused in the window and some did not,
 * Remove unused permissions, confirmed by a dialog that lists exactly what goes (the server
 * refuses if that is no longer what would go); when none was used (the list says so), Delete
 * instead.
 */
export function NarrowPermissions({
  token,
  catalogue,
  onChanged,
  onDelete,
}: {
  token: TokenDetails;
  catalogue: Catalogue;
  onChanged: (message: string) => void;
  onDelete: () => void;
}) {
  const inContext = useInContext();
  const now = useMinute();
  const [confirming, setConfirming] = useState<Narrowing | null>(null);
  if (now === null) return null;
  const { used, kept, removing, unrecorded } = narrowingOf(token.permissionUses, now, catalogue);

  if (used.length === 0 && unrecorded.length === 0) {
    return (
      <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-2 rounded-lg bg-slate-50 px-3 py-2.5 text-sm text-slate-700">
        <p>{NARROW_WORDS.deleteInstead}</p>
        <Button variant="danger-ghost" size="sm" onClick={onDelete} aria-label={ROW_WORDS.deleteLabel(token.name)}>
          <Trash2 className="size-4" aria-hidden="true" />
          {ROW_WORDS.delete}
        </Button>
      </div>
    );
  }
  return (
    <>
      {removing.length > 0 ? (
        <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-2 rounded-lg bg-slate-50 px-3 py-2.5 text-sm text-slate-700">
          <p>{DETAILS_WORDS.unused(removing.length)}</p>
          <Button variant="secondary" size="sm" onClick={() => setConfirming({ token, removing, kept })}>
            {NARROW_WORDS.open}
          </Button>
        </div>
      ) : null}
      <ConfirmDialog
        subject={confirming}
        title={(subject) => NARROW_WORDS.title(subject.token.name)}
        description={NARROW_WORDS.description}
        confirmLabel={NARROW_WORDS.confirm}
        action={(subject) => narrowTokenAction(inContext({ id: subject.token.id, removing: subject.removing }))}
        onClose={() => setConfirming(null)}
        onDone={({ token: narrowed, removed }) =>
          onChanged(NARROW_WORDS.removed(narrowed.name, summarise(removed, catalogue, { exactly: true })))
        }
        focusAfterDone={() => document.getElementById(PERMISSIONS_HEADING_ID)}
      >
        {confirming ? <Listed removing={confirming.removing} kept={confirming.kept} catalogue={catalogue} /> : null}
      </ConfirmDialog>
    </>
  );
}

/** Exactly what goes, by resource, and what stays. */
function Listed({ removing, kept, catalogue }: { removing: string[]; kept: string[]; catalogue: Catalogue }) {
  return (
    <div className="mt-4 space-y-3 text-sm">
      <div>
        <p id="narrow-removing" className="font-medium text-slate-900">
          {NARROW_WORDS.removing}
        </p>
        <ul aria-labelledby="narrow-removing" className="mt-1 max-h-48 space-y-0.5 overflow-y-auto text-slate-700">
          {groupByResource(removing, catalogue, { exactly: true }).map((group) => (
            <li key={group.id}>
              {group.label}: {group.actions.map((action) => DETAILS_WORDS.levels[action].toLowerCase()).join(" and ")}
            </li>
          ))}
        </ul>
      </div>
      <p className="text-slate-700">
        <span className="font-medium text-slate-900">{NARROW_WORDS.keeping}</span> {summarise(kept, catalogue)}
      </p>
    </div>
  );
}
