"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useSudoAction } from "@/components/sudo/sudo-provider";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { LocalTime } from "@/components/ui/local-time";
import { Notice } from "@/components/ui/notice";
import type { TeamMemberRow } from "@/lib/dal/teams";
import { MESSAGES } from "@/lib/model";
import { managesMembers, TEAM_ROLE_LABELS, TEAM_ROLES, type TeamRole } from "@/lib/teams";
import { changeRoleAction, leaveTeamAction, removeMemberAction } from "../../actions";
import { TEAM_WORDS } from "../../words";

type Props = { teamId: string; teamName: string; me: string; myRole: TeamRole; members: TeamMemberRow[] };

/** Which roles the viewer may give this member; none: the row is not theirs to change. */
function rolesFor(myRole: TeamRole, member: TeamMemberRow): readonly TeamRole[] {
  if (!managesMembers(myRole)) return [];
  if (myRole === "owner") return TEAM_ROLES;
  return member.role === "owner" ? [] : TEAM_ROLES.filter((role) => role !== "owner");
}

export function MembersTable({ teamId, teamName, me, myRole, members }: Props) {
  const router = useRouter();
  const [removing, setRemoving] = useState<TeamMemberRow | null>(null);
  const [leaving, setLeaving] = useState<true | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const actionFor = (member: TeamMemberRow) =>
    member.userId === me ? (
      <Button variant="danger-ghost" size="xs" onClick={() => setLeaving(true)}>
        {TEAM_WORDS.leave}
      </Button>
    ) : rolesFor(myRole, member).length > 0 ? (
      <Button variant="danger-ghost" size="xs" onClick={() => setRemoving(member)} aria-label={`${TEAM_WORDS.remove} ${member.name}`}>
        {TEAM_WORDS.remove}
      </Button>
    ) : null;
  return (
    <div>
      {notice ? <Notice message={notice} onDismiss={() => setNotice(null)} /> : null}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 text-xs font-semibold tracking-wide text-slate-600 uppercase">
            <tr>
              <th scope="col" className="py-2 pr-4">
                {TEAM_WORDS.columnName}
                <span className="md:hidden"> · {TEAM_WORDS.columnEmail}</span>
              </th>
              <th scope="col" className="py-2 pr-4 max-md:hidden">
                {TEAM_WORDS.columnEmail}
              </th>
              <th scope="col" className="py-2 pr-4">
                {TEAM_WORDS.columnRole}
              </th>
              <th scope="col" className="py-2 pr-4 max-lg:hidden">
                {TEAM_WORDS.columnJoined}
              </th>
              <th scope="col" className="py-2 pr-4 max-lg:hidden">
                {TEAM_WORDS.columnSource}
              </th>
              <th scope="col" className="py-2 text-right max-sm:hidden">
                <span className="sr-only">{TEAM_WORDS.columnAction}</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {members.map((member) => (
              <tr key={member.userId} className="align-top">
                <td className="py-3 pr-4 break-words text-slate-900">
                  <span className="font-medium">{member.name}</span>
                  {member.userId === me ? <span className="text-slate-500"> {TEAM_WORDS.you}</span> : null}
                  <span className="block text-xs break-all text-slate-500 md:hidden">{member.email}</span>
                  {/* Below lg the Source column is hidden: a member the team claim added still says so. */}
                  {member.source === "claim" ? (
                    <span className="block text-xs text-slate-500 lg:hidden">
                      {TEAM_WORDS.columnSource}: {TEAM_WORDS.source.claim}
                    </span>
                  ) : null}
                </td>
                <td className="py-3 pr-4 break-all text-slate-700 max-md:hidden">{member.email}</td>
                <td className="py-3 pr-4">
                  <RoleCell teamId={teamId} member={member} roles={rolesFor(myRole, member)} onChanged={setNotice} />
                  {/* On a phone the row's action sits under its role: a fourth column does not fit. */}
                  <div className="mt-2 sm:hidden">{actionFor(member)}</div>
                </td>
                <td className="py-3 pr-4 whitespace-nowrap text-slate-700 max-lg:hidden">
                  <LocalTime iso={member.joinedAt} />
                </td>
                <td className="py-3 pr-4 text-slate-700 max-lg:hidden">{TEAM_WORDS.source[member.source]}</td>
                <td className="py-3 text-right max-sm:hidden">{actionFor(member)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        subject={removing}
        title={(member) => TEAM_WORDS.removeTitle(member.name)}
        description={TEAM_WORDS.removeDescription}
        confirmLabel={TEAM_WORDS.removeConfirm}
        action={(member) => removeMemberAction({ teamId, userId: member.userId })}
        onClose={() => setRemoving(null)}
        onDone={() => {
          setNotice(TEAM_WORDS.removed(removing?.name ?? ""));
          router.refresh();
        }}
      />
      <ConfirmDialog
        subject={leaving}
        title={() => TEAM_WORDS.leaveTitle(teamName)}
        description={TEAM_WORDS.leaveDescription}
        confirmLabel={TEAM_WORDS.leaveConfirm}
        action={() => leaveTeamAction({ teamId })}
        onClose={() => setLeaving(null)}
        onDone={() => router.push("/teams")}
      />
    </div>
  );
}

function RoleCell({
  teamId,
  member,
  roles,
  onChanged,
}: {
  teamId: string;
  member: TeamMemberRow;
  roles: readonly TeamRole[];
  onChanged: (message: string) => void;
}) {
  const [role, setRole] = useState<TeamRole>(member.role);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const changeRole = useSudoAction(changeRoleAction);
  if (roles.length === 0) return <span className="text-slate-700">{TEAM_ROLE_LABELS[member.role]}</span>;
  const save = () =>
    startTransition(async () => {
      const result = await changeRole({ teamId, userId: member.userId, role }).catch(() => ({
        ok: false as const,
        message: MESSAGES.noAnswer,
      }));
      if (!result.ok) {
        setError(result.message);
        setRole(member.role);
        return;
      }
      setError(null);
      onChanged(TEAM_WORDS.roleChanged(member.name, role));
    });
  return (
    <div className="flex flex-wrap items-center gap-2">
      <select
        aria-label={TEAM_WORDS.roleFor(member.name)}
        value={role}
        onChange={(event) => setRole(event.target.value as TeamRole)}
        className="h-8 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 shadow-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-500/20 focus:outline-none"
      >
        {roles.map((option) => (
          <option key={option} value={option}>
            {TEAM_ROLE_LABELS[option]}
          </option>
        ))}
      </select>
      {role !== member.role ? (
        <Button size="xs" variant="secondary" onClick={save} pending={pending}>
          {TEAM_WORDS.changeRole}
        </Button>
      ) : null}
      {error ? (
        <div className="basis-full">
          <FormAlert>{error}</FormAlert>
        </div>
      ) : null}
    </div>
  );
}
