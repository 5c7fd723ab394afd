"use client";

import { LastUsed } from "@/components/ui/last-used";
import { LocalTime } from "@/components/ui/local-time";
import { Expires } from "@/components/ui/expires";
import { ScopeBadge } from "@/components/ui/scope-badge";
import { AUDIT_ACTIONS, type TokenDetails } from "@/lib/model";
import type { Catalogue } from "@/lib/permissions";
import { PermissionsList } from "./permissions-list";
import { DETAILS_WORDS } from "./words";

// The details panel's body: the token, what it may do, its use, its addresses, its history.

/** The id of the Permissions heading: focus lands there once the permissions change under it. */
export const PERMISSIONS_HEADING_ID = "token-permissions-heading";

function Section({ title, headingId, children }: { title: string; headingId?: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={headingId} className="border-t border-slate-200 pt-5 first:border-t-0 first:pt-0">
      <h3 id={headingId} tabIndex={headingId ? -1 : undefined} className="text-sm font-semibold text-slate-900 outline-none">
        {title}
      </h3>
      <div className="mt-3">{children}</div>
    </section>
  );
}

function Facts({ rows }: { rows: Array<[string, React.ReactNode]> }) {
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-3 text-sm sm:grid-cols-[9rem_1fr]">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-slate-600">{term}</dt>
          <dd className="min-w-0 text-slate-900 max-sm:-mt-2">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const Muted = ({ children }: { children: React.ReactNode }) => <span className="text-slate-500">{children}</span>;
const Address = ({ ip }: { ip: string }) => <span className="font-mono text-xs break-all">{ip}</span>;

function Quota({ quota, remaining }: { quota: number | null; remaining: number | null }) {
  if (quota === null) return <Muted>{DETAILS_WORDS.noQuota}</Muted>;
  const left = remaining ?? quota;
  return (
    <span className="flex flex-col gap-0.5">
      <span>{DETAILS_WORDS.quotaLeft(left, quota)}</span>
      {left === 0 ? <span className="text-xs text-red-700">{DETAILS_WORDS.quotaSpent}</span> : null}
    </span>
  );
}

function createdHow(created: TokenDetails["created"]) {
  if (!created) return <Muted>Not recorded</Muted>;
  const via = created.viaToken
    ? `Through the API, with the token ${created.viaToken.name ? `“${created.viaToken.name}”` : "(since deleted)"}`
    : DETAILS_WORDS.inTheConsole;
  return (
    <span className="flex flex-col gap-0.5">
      <span>{via}</span>
      <span className="text-xs text-slate-600">
        {created.ip ? <Address ip={created.ip} /> : "Address not recorded"}
        {created.client ? ` · ${created.client}` : ""}
      </span>
    </span>
  );
}

export function DetailsBody({
  details,
  showOwner,
  catalogue,
  permissionsActions,
  activity,
}: {
  details: TokenDetails;
  showOwner: boolean;
  catalogue: Catalogue;
  /** With the permissions: what just changed, and what the viewer may do about unused ones. */
  permissionsActions?: React.ReactNode;
  /** Its requests over time and its request log (components/token-details/token-activity.tsx). */
  activity?: React.ReactNode;
}) {
  return (
    // Focusable, so that a keyboard can scroll it: nothing in it takes focus otherwise.
    <div
      role="region"
      aria-label={DETAILS_WORDS.body}
      tabIndex={0}
      className="flex-1 space-y-6 overflow-y-auto px-6 py-6 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-500"
    >
      <Section title="Token">
        <Facts
          rows={[
            ...(showOwner
              ? ([["Owner", <span key="owner" className="break-all">{`${details.owner.name} · ${details.owner.email}`}</span>]] as Array<
                  [string, React.ReactNode]
                >)
              : []),
            [
              "Token ID",
              // The id the API's /v2/api/{id}/… calls take (API Docs), selectable in one click.
              <span key="id" className="font-mono text-xs break-all select-all">
                {details.id}
              </span>,
            ],
            ["Access Scope", <ScopeBadge key="scope" grant={details} />],
            ["Prefix", <span key="prefix" className="font-mono text-xs">{`${details.displayPrefix}…`}</span>],
            [
              "Created",
              <span key="created" className="flex flex-col gap-1">
                <LocalTime iso={details.createdAt} />
                {createdHow(details.created)}
              </span>,
            ],
            ["Expires", <Expires key="expires" iso={details.expiresAt} previousValidUntil={details.previousValidUntil} />],
            [
              DETAILS_WORDS.allowedIps,
              details.allowedIps.length > 0 ? (
                <ul key="ips" aria-label={DETAILS_WORDS.allowedIps} className="flex flex-wrap gap-1.5">
                  {details.allowedIps.map((entry) => (
                    <li key={entry} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs break-all text-slate-800">
                      {entry}
                    </li>
                  ))}
                </ul>
              ) : (
                <Muted key="ips">Any address</Muted>
              ),
            ],
            [
              DETAILS_WORDS.rateLimit,
              details.rateLimitPerMinute === null ? (
                <Muted key="rate">{DETAILS_WORDS.installationRate}</Muted>
              ) : (
                DETAILS_WORDS.perMinute(details.rateLimitPerMinute)
              ),
            ],
            [DETAILS_WORDS.quota, <Quota key="quota" quota={details.quota} remaining={details.quotaRemaining} />],
          ]}
        />
      </Section>

      <Section title={DETAILS_WORDS.permissions} headingId={PERMISSIONS_HEADING_ID}>
        <PermissionsList scope={details.scope} uses={details.permissionUses} catalogue={catalogue}>
          {permissionsActions}
        </PermissionsList>
      </Section>

      <Section title="Last used">
        {details.lastUsedAt ? (
          <Facts
            rows={[
              ["When", <LastUsed key="when" iso={details.lastUsedAt} />],
              ["From", details.lastUsedIp ? <Address key="from" ip={details.lastUsedIp} /> : <Muted key="from">Not recorded</Muted>],
              ["Client", details.lastUsedClient ?? <Muted key="client">Not recorded</Muted>],
            ]}
          />
        ) : (
          <p className="text-sm text-slate-600">Never used.</p>
        )}
      </Section>

      {activity ? <Section title={DETAILS_WORDS.activity}>{activity}</Section> : null}

      <Section title={DETAILS_WORDS.recentAddresses}>
        {details.addresses.length > 0 ? (
          <table className="w-full table-fixed text-left text-sm">
            <caption className="sr-only">{DETAILS_WORDS.recentCaption}</caption>
            <thead className="text-xs text-slate-600">
              <tr>
                <th scope="col" className="w-[42%] pb-2 font-medium">
                  Address
                </th>
                <th scope="col" className="pb-2 font-medium">
                  Last seen
                </th>
                <th scope="col" className="pb-2 font-medium">
                  Client
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {details.addresses.map((address) => (
                <tr key={address.ip}>
                  <td className="py-1.5 pr-2 align-top">
                    <Address ip={address.ip} />
                  </td>
                  <td className="py-1.5 pr-2 align-top">
                    <LastUsed iso={address.lastSeenAt} />
                  </td>
                  <td className="py-1.5 align-top break-words text-slate-700">{address.client}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="text-sm text-slate-600">Not used from any address yet.</p>
        )}
      </Section>

      <Section title={DETAILS_WORDS.history}>
        {details.events.length > 0 ? (
          <ol aria-label={DETAILS_WORDS.history} className="space-y-3">
            {details.events.map((event) => (
              <li key={event.id} className="text-sm">
                <p className="flex flex-wrap items-baseline justify-between gap-x-3">
                  <span className="font-medium text-slate-900">{AUDIT_ACTIONS[event.action] ?? event.action}</span>
                  <span className="text-xs text-slate-600">
                    <LocalTime iso={event.createdAt} />
                  </span>
                </p>
                <p className="mt-0.5 text-xs break-words text-slate-600">
                  {[event.actorEmail, event.ip, event.client].filter(Boolean).join(" · ") || "—"}
                </p>
                {event.detail ? <p className="mt-0.5 text-xs break-words text-slate-700">{event.detail}</p> : null}
              </li>
            ))}
          </ol>
        ) : (
          <p className="text-sm text-slate-600">No events recorded.</p>
        )}
      </Section>
    </div>
  );
}
