"use client";

import { KeyRound, X } from "lucide-react";
import dynamic from "next/dynamic";
import { useCallback, useMemo, useState } from "react";
import { StateDialog } from "@/components/token-table/state-controls";
import { SearchInput } from "@/components/data-table/search-input";
import { ServerTable } from "@/components/data-table/server-table";
import { useUrlState } from "@/components/data-table/use-url-state";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Notice } from "@/components/ui/notice";
import { useLazyPanel } from "@/components/ui/use-lazy-panel";
import type { ListedToken, Page, TokenIntentRequest } from "@/lib/model";
import type { Catalogue } from "@/lib/permissions";
import type { TokenRow } from "@/lib/token-columns";
import type { TokenListQuery } from "@/lib/validation/api-token";
import { deleteTokenAction, setTokenStateAction } from "../actions";
import { useSudoAction } from "@/components/sudo/sudo-provider";
import { buildTokenColumns } from "./columns";
import { CreateTokenButton, useJustCreated } from "./create-token-button";
import { RollTokenDialog } from "./roll-token-dialog";
import { useTokenIntent } from "./use-token-intent";
import { useInContext, useTeamContext } from "./team-context";
import { managesTeamTokens } from "@/lib/teams";
import { DELETE_WORDS, LISTING_WORDS, ROLL_WORDS } from "../words";

const loadDetails = () => import("./token-details");
const OwnerTokenDetails = dynamic(() => loadDetails().then((m) => m.OwnerTokenDetails), { ssr: false });

const DEFAULT_QUERY: TokenListQuery = { team: "", q: "", sort: "createdAt", dir: "desc", page: 1, show: "all" };
const SEARCH_ID = "token-search";

const SORT_OPTIONS = Object.entries(LISTING_WORDS.sortOptions).map(([value, label]) => ({ value, label }));

/**
 * The listing. Its state (search, sort, page) lives in the URL and the server does the work,
 * so a user with thousands of tokens downloads one page, and a reload or a shared link shows
 * the same view.
 */
export function TokensTable({
  page,
  query,
  expiringSoon,
  expiringDismissed,
  catalogue,
  intent,
}: {
  page: Page<ListedToken>;
  query: TokenListQuery;
  expiringSoon: number;
  /** The expiry notice was dismissed for this many tokens (a cookie): it shows again when there are more. */
  expiringDismissed: boolean;
  /** The resources, for the details panel's permissions. */
  catalogue: Catalogue;
  /** ?edit=<id> or ?delete=<id>: what to open once (useTokenIntent). */
  intent: TokenIntentRequest;
}) {
  const { navigate, table } = useUrlState(query, DEFAULT_QUERY);
  const inContext = useInContext();
  const team = useTeamContext();
  const canManage = team === null || managesTeamTokens(team.role);
  const justCreated = useJustCreated();
  const [searchKey, setSearchKey] = useState(0);
  const [toDelete, setToDelete] = useState<TokenRow | null>(null);
  const setState = useSudoAction(setTokenStateAction);
  const [toRoll, setToRoll] = useState<TokenRow | null>(null);
  const [toState, setToState] = useState<{ token: TokenRow; to: "disabled" | "active" } | null>(null);
  const details = useLazyPanel<{ id: string; edit: boolean }>();
  const [notice, setNotice] = useState<string | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);
  const openDetails = details.open;
  const columns = useMemo(
    () =>
      buildTokenColumns({
        onDelete: setToDelete,
        onRoll: setToRoll,
        onState: (token, to) => setToState({ token, to }),
        onOpen: (token, edit) => openDetails({ id: token.id, edit }),
        canManage,
      }),
    [openDetails, canManage],
  );

  useTokenIntent(intent, page.rows, { onEdit: (id) => openDetails({ id, edit: true }), onDelete: setToDelete, onMissing: setNotice });

  const noticeBanner = notice ? <Notice message={notice} onDismiss={clearNotice} /> : null;
  const deleteDialog = (
    <ConfirmDialog
      subject={toDelete}
      title={(token) => DELETE_WORDS.title(token.name)}
      description={DELETE_WORDS.description}
      confirmLabel={DELETE_WORDS.confirm}
      action={(token) => deleteTokenAction(inContext({ id: token.id }))}
      onClose={() => setToDelete(null)}
      onDone={({ name }) => setNotice(DELETE_WORDS.deleted(name))}
      focusAfterDone={focusAfterDelete}
    />
  );
  const stateDialog = (
    <StateDialog
      subject={toState}
      action={({ token, to }) => setState(inContext({ id: token.id, to }))}
      onClose={() => setToState(null)}
      onNotice={setNotice}
    />
  );
  const rollDialog = (
    <RollTokenDialog token={toRoll} onClose={() => setToRoll(null)} onRolled={(name) => setNotice(ROLL_WORDS.rolled(name))} />
  );
  const detailsDrawer = details.mounted ? (
    <OwnerTokenDetails
      open={details.subject}
      catalogue={catalogue}
      onClose={details.close}
      onUpdated={(name) => setNotice(LISTING_WORDS.updated(name))}
      onRoll={setToRoll}
      onDelete={setToDelete}
      canManage={canManage}
    />
  ) : null;

  if (page.total === 0 && !query.q && query.show === "all") {
    return (
      <div className="mt-8">
        {noticeBanner}
        <EmptyState />
        {deleteDialog}
        {stateDialog}
        {rollDialog}
        {detailsDrawer}
      </div>
    );
  }

  const clearSearch = () => {
    setSearchKey((key) => key + 1);
    navigate({ q: "", page: 1 });
  };

  return (
    <section aria-label={LISTING_WORDS.label} className="mt-8">
      {noticeBanner}
      <ExpiringNotice
        count={expiringSoon}
        dismissed={expiringDismissed}
        showing={query.show === "expiring"}
        onShow={(show) => navigate({ show, page: 1 })}
      />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <SearchInput
          key={searchKey}
          id={SEARCH_ID}
          value={query.q}
          onSearch={(q) => navigate({ q, page: 1 })}
          label={LISTING_WORDS.search}
          placeholder={LISTING_WORDS.searchPlaceholder}
          className="w-full sm:w-80"
        />
        {/* The column headers sort at laptop width; below it the rows are cards, without headers. */}
        <select
          aria-label={LISTING_WORDS.sort}
          value={`${query.sort}:${query.dir}`}
          onChange={(event) => {
            const [sort, dir] = event.target.value.split(":") as [TokenListQuery["sort"], TokenListQuery["dir"]];
            navigate({ sort, dir, page: 1 });
          }}
          className="h-10 rounded-lg border border-slate-300 bg-white px-3 text-sm shadow-sm xl:hidden"
        >
          {SORT_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <p className="text-sm text-slate-600" aria-live="polite">
          {LISTING_WORDS.count(page.total)}
          {query.show === "expiring" ? LISTING_WORDS.countExpiring : ""}
          {query.q ? LISTING_WORDS.countMatching(query.q) : ""}
        </p>
      </div>

      <ServerTable
        label={LISTING_WORDS.label}
        layout="cards"
        columns={columns}
        page={page}
        highlightedId={justCreated}
        {...table}
        empty={
          query.q ? (
            <>
              {LISTING_WORDS.noMatch(query.q)}{" "}
              <button type="button" onClick={clearSearch} className="font-medium text-brand-600 hover:underline">
                {LISTING_WORDS.clearSearch}
              </button>
            </>
          ) : (
            <>
              {LISTING_WORDS.noneExpiring}{" "}
              <button
                type="button"
                onClick={() => navigate({ show: "all", page: 1 })}
                className="font-medium text-brand-600 hover:underline"
              >
                {LISTING_WORDS.showAll}
              </button>
            </>
          )
        }
      />
      {deleteDialog}
      {stateDialog}
      {rollDialog}
      {detailsDrawer}
    </section>
  );
}

/**
 * After a delete, focus goes to the search field (or, when the listing is now empty, to its
 * button), not to the page: the row that held the Delete button is going.
 */
const focusAfterDelete = () => document.getElementById(SEARCH_ID) ?? document.querySelector<HTMLElement>("[data-empty-create] button");

const DISMISS_COOKIE = "token-console.expiring-dismissed";

/** "N of your tokens expire within 7 days": a filter to see them, and dismissible (until more expire). */
function ExpiringNotice({
  count,
  dismissed,
  showing,
  onShow,
}: {
  count: number;
  dismissed: boolean;
  showing: boolean;
  onShow: (show: TokenListQuery["show"]) => void;
}) {
  const [hidden, setHidden] = useState(dismissed);
  if (showing) {
    return (
      <p
        role="note"
        className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border border-amber-200 bg-amber-50 px-4 py-2.5 text-sm text-amber-900"
      >
        <span>{LISTING_WORDS.showingExpiring}</span>
        <button type="button" onClick={() => onShow("all")} className="font-medium text-amber-900 underline hover:no-underline">
          {LISTING_WORDS.showAll}
        </button>
      </p>
    );
  }
  if (count === 0 || hidden) return null;
  const dismiss = () => {
    // For a day, and only for this count: one more expiring token brings the notice back.
    document.cookie = `${DISMISS_COOKIE}=${count}; Max-Age=86400; Path=/; SameSite=Lax`;
    setHidden(true);
    document.getElementById(SEARCH_ID)?.focus();
  };
  return (
    <div
      role="note"
      className="mb-4 flex items-start gap-3 rounded-lg border border-amber-200 bg-amber-50 px-4 py-2.5 text-sm text-amber-900"
    >
      <p className="flex-1">
        {LISTING_WORDS.expiring(count)}{" "}
        <button type="button" onClick={() => onShow("expiring")} className="font-medium underline hover:no-underline">
          {LISTING_WORDS.showExpiring(count)}
        </button>
      </p>
      <button
        type="button"
        onClick={dismiss}
        aria-label={LISTING_WORDS.dismissExpiring}
        className="-m-1 rounded p-1 text-amber-800 hover:bg-amber-100"
      >
        <X className="size-4" aria-hidden="true" />
      </button>
    </div>
  );
}

function EmptyState() {
  return (
    <section className="flex flex-col items-center rounded-xl border border-dashed border-slate-300 bg-white px-6 py-16 text-center">
      <span className="grid size-12 place-items-center rounded-full bg-brand-50 text-brand-600">
        <KeyRound className="size-6" aria-hidden="true" />
      </span>
      <h2 className="mt-4 text-base font-semibold text-slate-900">{LISTING_WORDS.emptyTitle}</h2>
      <p className="mt-1 max-w-sm text-sm text-slate-600">{LISTING_WORDS.emptyBody}</p>
      <div className="mt-6" data-empty-create>
        <CreateTokenButton variant="secondary">{LISTING_WORDS.createFirst}</CreateTokenButton>
      </div>
    </section>
  );
}
