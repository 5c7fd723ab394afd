"use client";

import Link from "next/link";
import { useActionState, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { Spinner } from "@/components/ui/spinner";
import { logoutAction } from "@/lib/auth/session-actions";
import { MESSAGES, type FormState } from "@/lib/model";
import { acceptInvitationAction, checkInvitationAction, type InvitationCheck } from "../actions";
import { INVITATION_WORDS } from "../words";

// The token is in the link's fragment, which no server sees. It is read here, taken out of the
// address bar and the history at once, and kept in this tab's sessionStorage only, so that it
// survives signing in or up (which come back here through callbackUrl, itself free of it).
const KEY = "token-console.invitation";
const RETURN = encodeURIComponent("/invitations");

type Ready = Extract<InvitationCheck, { kind: "ready" }>;
type View =
  { state: "reading" } | { state: "refused"; message: string; wrongAccount: boolean } | { state: "ready"; token: string; check: Ready };

export function InvitationView() {
  const [view, setView] = useState<View>({ state: "reading" });
  const read = useRef(false);
  useEffect(() => {
    if (read.current) return;
    read.current = true;
    const fromLink = new URLSearchParams(window.location.hash.slice(1)).get("token");
    if (window.location.hash) window.history.replaceState(null, "", window.location.pathname);
    if (fromLink) sessionStorage.setItem(KEY, fromLink);
    const token = fromLink ?? sessionStorage.getItem(KEY) ?? "";
    checkInvitationAction({ token })
      .then((answer) => {
        if (answer.ok && answer.data.kind === "ready") return setView({ state: "ready", token, check: answer.data });
        // Another account: the invitation is still good, kept for when the right one signs in.
        if (answer.ok && answer.data.kind === "wrong_account")
          return setView({ state: "refused", message: answer.data.message, wrongAccount: true });
        if (answer.ok) return;
        sessionStorage.removeItem(KEY);
        setView({ state: "refused", message: answer.message, wrongAccount: false });
      })
      .catch(() => setView({ state: "refused", message: MESSAGES.noAnswer, wrongAccount: false }));
  }, []);

  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">{INVITATION_WORDS.title}</h1>
      {view.state === "reading" ? (
        <p role="status" className="mt-4 flex items-center gap-2 text-sm text-slate-600">
          <Spinner className="size-4" /> {INVITATION_WORDS.checking}
        </p>
      ) : view.state === "refused" ? (
        <div className="mt-4 space-y-4">
          <FormAlert>{view.message}</FormAlert>
          {view.wrongAccount ? (
            <form action={logoutAction}>
              <Button type="submit" variant="secondary" className="w-full">
                {INVITATION_WORDS.logOut}
              </Button>
            </form>
          ) : (
            <p className="text-center text-sm">
              <Link href="/teams" className="font-medium text-brand-600 hover:underline">
                {INVITATION_WORDS.toTeams}
              </Link>
            </p>
          )}
        </div>
      ) : (
        <ReadyView token={view.token} check={view.check} />
      )}
    </>
  );
}

function ReadyView({ token, check }: { token: string; check: Ready }) {
  const [state, submit, pending] = useActionState<FormState, FormData>(acceptInvitationAction, null);
  return (
    <div className="mt-4 space-y-4 text-sm text-slate-700">
      <p className="text-base text-slate-900">{INVITATION_WORDS.invitedTo(check.teamName, check.role)}</p>
      <p className="break-words">{INVITATION_WORDS.forEmail(check.email)}</p>
      {state && !state.ok ? <FormAlert>{state.message}</FormAlert> : null}
      {check.signedIn ? (
        <form action={submit} onSubmit={() => sessionStorage.removeItem(KEY)}>
          <input type="hidden" name="token" value={token} />
          <Button type="submit" pending={pending} className="w-full">
            {INVITATION_WORDS.accept}
          </Button>
        </form>
      ) : (
        <>
          <p>{INVITATION_WORDS.signInFirst}</p>
          <div className="flex gap-3">
            <Link
              href={`/login?callbackUrl=${RETURN}`}
              className="inline-flex h-10 flex-1 items-center justify-center rounded-lg bg-brand-600 px-4 font-medium text-white shadow-sm hover:bg-brand-700"
            >
              {INVITATION_WORDS.login}
            </Link>
            <Link
              href={`/signup?callbackUrl=${RETURN}`}
              className="inline-flex h-10 flex-1 items-center justify-center rounded-lg border border-slate-300 bg-white px-4 font-medium text-slate-700 shadow-sm hover:bg-slate-50"
            >
              {INVITATION_WORDS.signup}
            </Link>
          </div>
        </>
      )}
    </div>
  );
}
