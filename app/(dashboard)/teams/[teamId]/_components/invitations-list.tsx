"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { LocalTime } from "@/components/ui/local-time";
import { Notice } from "@/components/ui/notice";
import type { PendingInvitation } from "@/lib/dal/team-invitations";
import { TEAM_ROLE_LABELS, type TeamRole } from "@/lib/teams";
import { revokeInvitationAction } from "../../actions";
import { TEAM_WORDS } from "../../words";

export function InvitationsList({ teamId, myRole, invitations }: { teamId: string; myRole: TeamRole; invitations: PendingInvitation[] }) {
  const [withdrawing, setWithdrawing] = useState<PendingInvitation | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <div>
      {notice ? <Notice message={notice} onDismiss={() => setNotice(null)} /> : null}
      {invitations.length === 0 ? (
        <p className="text-sm text-slate-600">{TEAM_WORDS.noInvitations}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {invitations.map((invitation) => (
            <li key={invitation.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 py-3">
              <div className="min-w-0 text-sm">
                <p className="font-medium break-all text-slate-900">{invitation.email}</p>
                <p className="text-xs text-slate-500">
                  {TEAM_ROLE_LABELS[invitation.role]} ·{" "}
                  {invitation.expired ? (
                    <span className="font-medium text-amber-700">{TEAM_WORDS.expired}</span>
                  ) : (
                    <>
                      {TEAM_WORDS.expires} <LocalTime iso={invitation.expiresAt} />
                    </>
                  )}
                </p>
              </div>
              {invitation.role !== "owner" || myRole === "owner" ? (
                <Button
                  variant="danger-ghost"
                  size="xs"
                  onClick={() => setWithdrawing(invitation)}
                  aria-label={`${TEAM_WORDS.withdraw} ${invitation.email}`}
                >
                  {TEAM_WORDS.withdraw}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        subject={withdrawing}
        title={(invitation) => TEAM_WORDS.withdrawTitle(invitation.email)}
        description={TEAM_WORDS.withdrawDescription}
        confirmLabel={TEAM_WORDS.withdrawConfirm}
        action={(invitation) => revokeInvitationAction({ teamId, invitationId: invitation.id })}
        onClose={() => setWithdrawing(null)}
        onDone={(data) => setNotice(TEAM_WORDS.withdrawn(data.email))}
      />
    </div>
  );
}
