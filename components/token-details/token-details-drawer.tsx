"use client";

import { Pencil, RotateCw } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Drawer } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { Notice } from "@/components/ui/notice";
import { Spinner } from "@/components/ui/spinner";
import { MESSAGES, type ActionResult, type TokenDetails } from "@/lib/model";
import type { Catalogue } from "@/lib/permissions";
import { DetailsBody } from "./details-body";
import { TokenActivity, type RequestsLoad, type UsageLoad } from "./token-activity";
import { DETAILS_WORDS } from "./words";

type Load = (input: { id: string }) => Promise<ActionResult<TokenDetails>>;

/** What the drawer is showing: nothing yet, a load in flight, the details, or why they could not be read. */
type State = { status: "loading" } | { status: "ready"; details: TokenDetails } | { status: "failed"; message: string };

/**
 * A token's details panel: everything known about it but its secret, read by a server action
 * (the owner's, or the admin's) when the drawer opens. `renderEdit` (the owner's page only)
 * swaps the details for the Edit form in the same drawer; the row's Edit opens it there.
 * `permissionsAction` (the owner's too) offers what can be done about unused permissions; once
 * it has changed them, `changed(message)` reads the details again and says what changed.
 */
export function TokenDetailsDrawer({
  tokenId,
  startInEdit = false,
  load,
  catalogue,
  showOwner = false,
  onClose,
  renderEdit,
  actions,
  permissionsAction,
  activity,
}: {
  tokenId: string | null;
  startInEdit?: boolean;
  load: Load;
  /** The resources, for the permissions' labels: the server's, as props. */
  catalogue: Catalogue;
  showOwner?: boolean;
  onClose: () => void;
  renderEdit?: (details: TokenDetails, done: (saved: boolean) => void) => React.ReactNode;
  /** What can be done to the token from its panel (the owner's Roll and Delete, the admin's Revoke), at the footer's left. */
  actions?: (details: TokenDetails) => React.ReactNode;
  permissionsAction?: (details: TokenDetails, changed: (message: string) => void) => React.ReactNode;
  /** The server actions that read its Activity (the owner's, or the admin's). */
  activity?: { usage: UsageLoad; requests: RequestsLoad };
}) {
  const [state, setState] = useState<State>({ status: "loading" });
  const [editing, setEditing] = useState(startInEdit);
  // Bumped to read the details again (Try again; after a save; after a narrowing).
  const [reads, setReads] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);

  // A newly opened token starts from "loading", in its chosen mode (set while rendering, not in an effect).
  const [opened, setOpened] = useState<{ id: string | null; edit: boolean }>({ id: null, edit: false });
  if (opened.id !== tokenId || opened.edit !== startInEdit) {
    setOpened({ id: tokenId, edit: startInEdit });
    setNotice(null);
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
  // Read again in place, the details kept on screen meanwhile: focus stays where it is.
  const changed = (message: string) => {
    setNotice(message);
    setReads((n) => n + 1);
  };

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
          <DetailsBody
            details={state.details}
            showOwner={showOwner}
            catalogue={catalogue}
            activity={
              activity ? (
                <TokenActivity
                  key={state.details.id}
                  tokenId={state.details.id}
                  loadUsage={activity.usage}
                  loadRequests={activity.requests}
                />
              ) : null
            }
            permissionsActions={
              <>
                {notice ? (
                  <div className="-mb-4">
                    <Notice message={notice} onDismiss={clearNotice} />
                  </div>
                ) : null}
                {permissionsAction?.(state.details, changed)}
              </>
            }
          />
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
