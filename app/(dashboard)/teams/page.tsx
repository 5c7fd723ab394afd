import type { Metadata } from "next";
import Link from "next/link";
import { Users } from "lucide-react";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { listMyTeams } from "@/lib/dal/teams";
import { TEAM_ROLE_LABELS } from "@/lib/teams";
import { CreateTeamForm } from "./_components/create-team-form";
import { TEAMS_WORDS } from "./words";

export const metadata: Metadata = { title: TEAMS_WORDS.title };

export default async function TeamsPage() {
  const user = await requireUser();
  const teams = await listMyTeams(user);
  return (
    <div>
      <PageHeader title={TEAMS_WORDS.title} description={TEAMS_WORDS.description} />
      <div className="mt-8 space-y-6">
        <section aria-labelledby="create-team" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h2 id="create-team" className="text-base font-semibold text-slate-900">
            {TEAMS_WORDS.createTeam}
          </h2>
          <div className="mt-4">
            <CreateTeamForm />
          </div>
        </section>
        <section aria-labelledby="your-teams" className="rounded-xl border border-slate-200 bg-white shadow-sm">
          <h2 id="your-teams" className="px-6 pt-6 text-base font-semibold text-slate-900">
            {TEAMS_WORDS.yourTeams}
          </h2>
          {teams.length === 0 ? (
            <div className="flex flex-col items-center px-6 py-12 text-center">
              <Users className="size-8 text-slate-400" aria-hidden="true" />
              <p className="mt-3 text-sm font-medium text-slate-900">{TEAMS_WORDS.empty}</p>
              <p className="mt-1 text-sm text-slate-600">{TEAMS_WORDS.emptyDescription}</p>
            </div>
          ) : (
            <ul className="mt-4 divide-y divide-slate-100 border-t border-slate-100">
              {teams.map((team) => (
                <li key={team.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 px-6 py-4">
                  <div className="min-w-0">
                    <Link href={`/teams/${team.id}`} className="font-medium break-words text-brand-700 hover:underline">
                      {team.name}
                    </Link>
                    <p className="text-xs text-slate-500">
                      {TEAMS_WORDS.memberCount(team.memberCount)} · {TEAMS_WORDS.joined} <LocalTime iso={team.joinedAt} />
                    </p>
                  </div>
                  <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium text-slate-700">
                    <span className="sr-only">{TEAMS_WORDS.yourRole}: </span>
                    {TEAM_ROLE_LABELS[team.role]}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
