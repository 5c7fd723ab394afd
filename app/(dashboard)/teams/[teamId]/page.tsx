import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft, KeyRound } from "lucide-react";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { pendingInvitations } from "@/lib/dal/team-invitations";
import { teamView } from "@/lib/dal/teams";
import { managesMembers } from "@/lib/teams";
import { TEAM_WORDS, TEAMS_WORDS } from "../words";
import { InviteForm } from "./_components/invite-form";
import { InvitationsList } from "./_components/invitations-list";
import { MembersTable } from "./_components/members-table";
import { RuleForm } from "./_components/rule-form";

export const metadata: Metadata = { title: TEAMS_WORDS.title };

function Section({ id, title, description, children }: { id: string; title: string; description?: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="min-w-0 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
      <h2 id={id} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      {description ? <p className="mt-1 max-w-2xl text-sm text-slate-600">{description}</p> : null}
      <div className="mt-5">{children}</div>
    </section>
  );
}

/** A team, for its members only: anyone else gets the 404 of a team that does not exist. Read again on every request. */
export default async function TeamPage({ params }: { params: Promise<{ teamId: string }> }) {
  const user = await requireUser();
  const { teamId } = await params;
  const view = await teamView(user, teamId);
  if (!view) notFound();
  const manages = managesMembers(view.role);
  const invitations = manages ? await pendingInvitations(user, teamId) : [];
  return (
    <div>
      <Link href="/teams" className="mb-4 inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900">
        <ArrowLeft className="size-4" aria-hidden="true" /> {TEAM_WORDS.back}
      </Link>
      <PageHeader
        title={view.team.name}
        description={TEAM_WORDS.description(view.role)}
        actions={
          <Link
            href={`/api-tokens?team=${encodeURIComponent(teamId)}`}
            className="inline-flex h-10 items-center gap-2 rounded-lg bg-brand-600 px-4 text-sm font-medium text-white shadow-sm hover:bg-brand-700"
          >
            <KeyRound className="size-4" aria-hidden="true" />
            {TEAM_WORDS.tokensLink}
          </Link>
        }
      />
      <div className="mt-8 space-y-6">
        <Section id="members" title={TEAM_WORDS.membersTitle} description={TEAM_WORDS.membersDescription}>
          <MembersTable teamId={teamId} teamName={view.team.name} me={user.id} myRole={view.role} members={view.members} />
        </Section>
        {manages ? (
          <>
            <Section id="invite" title={TEAM_WORDS.inviteTitle} description={TEAM_WORDS.inviteDescription}>
              <InviteForm teamId={teamId} myRole={view.role} />
            </Section>
            <Section id="invitations" title={TEAM_WORDS.invitationsTitle}>
              <InvitationsList teamId={teamId} myRole={view.role} invitations={invitations} />
            </Section>
          </>
        ) : null}
        {view.role === "owner" ? (
          <Section id="rule" title={TEAM_WORDS.ruleTitle} description={TEAM_WORDS.ruleDescription}>
            <RuleForm teamId={teamId} rule={view.team.memberTokens} />
          </Section>
        ) : null}
      </div>
    </div>
  );
}
