"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormAlert } from "@/components/ui/form-alert";
import type { CreatedTeamToken } from "@/lib/dal/offboarding";
import { MESSAGES, type ActionResult } from "@/lib/model";
import { TEAM_ROLE_LABELS } from "@/lib/teams";
import { handOverTeamTokenAction, revokeTeamTokenAction } from "../../actions";
import { useSudoAction } from "@/components/sudo/sudo-provider";
import { ACCOUNT_WORDS as W } from "../../words";
import { useSay } from "../../_components/notice-area";

/** Hand over (to an owner or admin the admin picks) or Revoke (after a confirmation); errors show beside the choice. */
export function TeamTokenActions({ token }: { token: CreatedTeamToken }) {
  const router = useRouter();
  const revokeTeamToken = useSudoAction(revokeTeamTokenAction);
  const sendHandOver = useSudoAction(handOverTeamTokenAction);
  const selectId = useId();
  const errorId = useId();
  const [heir, setHeir] = useState("");
  const [error, setError] = useState<string | null>(null);
  const say = useSay();
  const [revoking, setRevoking] = useState(false);
  const [pending, startTransition] = useTransition();

  const handOver = () => {
    if (!heir) {
      setError(W.chooseHeir);
      return;
    }
    startTransition(async () => {
      const result: ActionResult<{ name: string; toEmail: string }> = await sendHandOver({
        tokenId: token.id,
        toUserId: heir,
      }).catch(() => ({ ok: false, message: MESSAGES.noAnswer }));
      if (!result.ok) return setError(result.message);
      setError(null);
      say(W.handedNotice(result.data.name, result.data.toEmail));
      router.refresh();
    });
  };

  return (
    <div className="flex w-full flex-col gap-2 md:w-auto md:items-end">
      {token.heirs.length === 0 ? (
        <p className="text-sm text-slate-600 md:max-w-xs md:text-right">{W.noHeir}</p>
      ) : (
        <div className="flex flex-wrap items-end gap-2">
          <label htmlFor={selectId} className="sr-only">
            {W.heirLabel(token.name)}
          </label>
          <select
            id={selectId}
            value={heir}
            onChange={(event) => {
              setHeir(event.target.value);
              setError(null);
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            className="h-8 min-w-0 max-w-full flex-1 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 md:w-64 md:flex-none"
          >
            <option value="">{W.heirPlaceholder}</option>
            {token.heirs.map((person) => (
              <option key={person.id} value={person.id}>
                {person.email} ({TEAM_ROLE_LABELS[person.role]})
              </option>
            ))}
          </select>
          <Button size="sm" variant="secondary" onClick={handOver} pending={pending} aria-label={`${W.handOver} ${token.name}`}>
            {W.handOver}
          </Button>
        </div>
      )}
      {error ? (
        <div id={errorId}>
          <FormAlert>{error}</FormAlert>
        </div>
      ) : null}
      <div>
        <Button size="sm" variant="danger-ghost" onClick={() => setRevoking(true)} aria-label={`${W.revoke} ${token.name}`}>
          {W.revoke}
        </Button>
      </div>
      <ConfirmDialog
        subject={revoking ? token : null}
        title={(subject) => W.revokeTitle(subject.name)}
        description={W.revokeDescription}
        confirmLabel={W.revokeConfirm}
        action={(subject) => revokeTeamToken({ tokenId: subject.id })}
        onClose={() => setRevoking(false)}
        onDone={(data) => {
          say(W.revokedNotice(data.name));
          router.refresh();
        }}
      />
    </div>
  );
}
