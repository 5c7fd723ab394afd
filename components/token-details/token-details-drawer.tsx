"use client";

import { Pencil, RotateCw } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Drawer } from "@/components/ui/dialog";
import { Expires } from "@/components/ui/expires";
import { FormAlert } from "@/components/ui/form-alert";
import { LastUsed } from "@/components/ui/last-used";
import { LocalTime } from "@/components/ui/local-time";
import { ScopeBadge } from "@/components/ui/scope-badge";
import { Spinner } from "@/components/ui/spinner";
import { AUDIT_ACTIONS, MESSAGES, type ActionResult, type TokenDetails } from "@/lib/model";
import { DETAILS_WORDS } from "./words";

type Load = (input: { id: string }) => Promise<ActionResult<TokenDetails>>;

/** What the drawer is showing: nothing yet, a load in flight, the details, or why they could not be read. */
type State = { status: "loading" } | { status: "ready"; details: TokenDetails } | { status: "failed"; message: string };

/**
 * A token's details panel: everything known about it but its secret, read by a server action
 * (the owner's, or the admin's) when the drawer opens. `renderEdit` (the owner's page only)
 * swaps the details for the Edit form in the same drawer; the row's Edit opens it there.
 */
export function TokenDetailsDrawer({
  tokenId,
  startInEdit = false,
  load,
  showOwner = false,
  onClose,
  renderEdit,
  actions,
}: {
  tokenId: string | null;
  startInEdit?: boolean;
  load: Load;
  showOwner?: boolean;
  onClose: () => void;
  renderEdit?: (details: TokenDetails, done: (saved: boolean) => void) => React.ReactNode;
  /** What can be done to the token from its panel (the owner's Roll and Delete, the admin's Revoke), at the footer's left. */
  actions?: (details: TokenDetails) => React.ReactNode;
}) {
  const [state, setState] = useState<State>({ status: "loading" });
  const [editing, setEditing] = useState(startInEdit);
  // Bumped to read the details again (Try again; after a save).
  const [reads, setReads] = useState(0);

  // A newly opened token starts from "loading", in its chosen mode (set while rendering, not in an effect).
  const [opened, setOpened] = useState<{ id: string | null; edit: boolean }>({ id: null, edit: false });
  if (opened.id !== tokenId || opened.edit !== startInEdit) {
    setOpened({ id: tokenId, edit: startInEdit });
    if (tokenId) {
      setEditing(startInEdit);
      setState({ status: "loading" });
    }
  }
  const reload = () => {
    setState({ status: "loading" });
    setReads((n) => n + 1);
  };

  useEffect(() => {
    if (!tokenId) return;
    // An answer for a token no longer shown (closed, or another opened since) is dropped.
    let current = true;
    void load({ id: tokenId })
      .catch((): ActionResult<TokenDetails> => ({ ok: false, message: MESSAGES.noAnswer }))
      .then((result) => {
        if (current) setState(result.ok ? { status: "ready", details: result.data } : { status: "failed", message: result.message });
      });
    return () => {
      current = false;
    };
  }, [tokenId, startInEdit, load, reads]);

  const details = state.status === "ready" ? state.details : null;
  const title = details ? (editing ? DETAILS_WORDS.editTitle(details.name) : details.name) : DETAILS_WORDS.loadingTitle;
  const description = editing ? DETAILS_WORDS.editDescription : details ? details.description || DETAILS_WORDS.noDescription : undefined;

  return (
    <Drawer open={tokenId !== null} onOpenChange={(next) => (next ? undefined : onClose())} title={title} description={description} wide>
      {state.status === "loading" ? (
        <div role="status" className="flex flex-1 items-center justify-center gap-2 text-sm text-slate-600">
          <Spinner />
          {DETAILS_WORDS.loading}
        </div>
      ) : state.status === "failed" ? (
        <div className="space-y-4 px-6 py-6">
          <FormAlert>{state.message}</FormAlert>
          {tokenId ? (
            <Button variant="secondary" onClick={reload}>
              <RotateCw className="size-4" aria-hidden="true" />
              {DETAILS_WORDS.tryAgain}
            </Button>
          ) : null}
        </div>
      ) : editing && renderEdit ? (
        renderEdit(state.details, (saved) => {
          setEditing(false);
          if (saved) reload();
        })
      ) : (
        <>
          <DetailsBody details={state.details} showOwner={showOwner} />
          {renderEdit || actions ? (
            <footer className="flex flex-wrap items-center justify-end gap-3 border-t border-slate-200 bg-slate-50 px-6 py-4">
              {actions ? <div className="mr-auto flex flex-wrap gap-2">{actions(state.details)}</div> : null}
              {renderEdit ? (
                <Button onClick={() => setEditing(true)}>
                  <Pencil className="size-4" aria-hidden="true" />
                  {DETAILS_WORDS.edit}
                </Button>
              ) : null}
            </footer>
          ) : null}
        </>
      )}
    </Drawer>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="border-t border-slate-200 pt-5 first:border-t-0 first:pt-0">
      <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
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

function DetailsBody({ details, showOwner }: { details: TokenDetails; showOwner: boolean }) {
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
          ]}
        />
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

      <Section title="Activity">
        {details.events.length > 0 ? (
          <ol aria-label="Activity" className="space-y-3">
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
