import type { Metadata } from "next";
import Link from "next/link";
import { Webhook } from "lucide-react";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { teamsOf } from "@/lib/dal/team-access";
import { listEndpoints, type EndpointOwner, type EndpointRow } from "@/lib/dal/webhooks";
import { MANAGER_ROLES } from "@/lib/teams";
import { env } from "@/lib/server/config.mjs";
import { AddEndpointForm } from "./_components/add-endpoint-form";
import { EndpointState } from "./_components/endpoint-state";
import { RemovedNotice } from "./_components/removed-notice";
import { WEBHOOK_WORDS } from "./words";

export const metadata: Metadata = { title: WEBHOOK_WORDS.title };

type Section = { key: string; title: string; owner: EndpointOwner; formValue: string };

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const deleted = (await searchParams).deleted === "1";
  const managed = (await teamsOf(user.id)).filter((team) => (MANAGER_ROLES as readonly string[]).includes(team.role));
  const sections: Section[] = [
    { key: "user", title: WEBHOOK_WORDS.sections.user!, owner: { kind: "user" }, formValue: "user" },
    ...managed.map((team) => ({
      key: `team:${team.teamId}`,
      title: WEBHOOK_WORDS.teamOwner(team.teamName),
      owner: { kind: "team" as const, teamId: team.teamId },
      formValue: `team:${team.teamId}`,
    })),
    ...(user.role === "ADMIN"
      ? [
          {
            key: "installation",
            title: WEBHOOK_WORDS.sections.installation!,
            owner: { kind: "installation" as const },
            formValue: "installation",
          },
        ]
      : []),
  ];
  const lists = await Promise.all(
    sections.map(async (section) => ({ ...section, endpoints: (await listEndpoints(user, section.owner)) ?? [] })),
  );
  const owners = sections.map((section) => ({
    value: section.formValue,
    label: section.owner.kind === "team" ? section.title : WEBHOOK_WORDS.owners[section.owner.kind]!,
  }));
  return (
    <div>
      <PageHeader title={WEBHOOK_WORDS.title} description={WEBHOOK_WORDS.description} />
      <div className="mt-8 space-y-6">
        {deleted ? <RemovedNotice /> : null}
        <section aria-labelledby="add-endpoint" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <h2 id="add-endpoint" className="text-base font-semibold text-slate-900">
            {WEBHOOK_WORDS.addTitle}
          </h2>
          <div className="mt-4">
            <AddEndpointForm owners={owners} allowPrivate={env().WEBHOOK_ALLOW_PRIVATE} />
          </div>
        </section>
        {lists.map((section) => (
          <section
            key={section.key}
            aria-labelledby={`endpoints-${section.key}`}
            className="rounded-xl border border-slate-200 bg-white shadow-sm"
          >
            <h2 id={`endpoints-${section.key}`} className="px-6 pt-6 text-base font-semibold break-words text-slate-900">
              {section.title}
            </h2>
            {section.endpoints.length === 0 ? (
              <div className="flex flex-col items-center px-6 py-10 text-center">
                <Webhook className="size-8 text-slate-400" aria-hidden="true" />
                <p className="mt-3 text-sm font-medium text-slate-900">{WEBHOOK_WORDS.none}</p>
                <p className="mt-1 text-sm text-slate-600">{WEBHOOK_WORDS.noneHint}</p>
              </div>
            ) : (
              <ul className="mt-4 divide-y divide-slate-100 border-t border-slate-100">
                {section.endpoints.map((endpoint) => (
                  <EndpointItem key={endpoint.id} endpoint={endpoint} />
                ))}
              </ul>
            )}
          </section>
        ))}
      </div>
    </div>
  );
}

function EndpointItem({ endpoint }: { endpoint: EndpointRow }) {
  return (
    <li className="flex flex-col gap-2 px-6 py-4 sm:flex-row sm:items-center sm:justify-between sm:gap-6">
      <div className="min-w-0 flex-1">
        <Link href={`/webhooks/${endpoint.id}`} className="font-mono text-sm break-all text-brand-700 hover:underline">
          {endpoint.url}
        </Link>
        <p className="mt-0.5 text-xs break-words text-slate-500">
          {endpoint.description ? `${endpoint.description} · ` : ""}
          {endpoint.events.includes("*") ? WEBHOOK_WORDS.allEvents : endpoint.events.join(", ")} · {WEBHOOK_WORDS.formats[endpoint.format]}
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600">
        <EndpointState endpoint={endpoint} />
        <span>
          {WEBHOOK_WORDS.columns.last}:{" "}
          {endpoint.lastDelivery ? (
            <>
              {WEBHOOK_WORDS.states[endpoint.lastDelivery.state] ?? endpoint.lastDelivery.state}
              {endpoint.lastDelivery.responseStatus ? ` (${endpoint.lastDelivery.responseStatus})` : ""},{" "}
              <LocalTime iso={endpoint.lastDelivery.at} />
            </>
          ) : (
            WEBHOOK_WORDS.never
          )}
        </span>
      </div>
    </li>
  );
}
