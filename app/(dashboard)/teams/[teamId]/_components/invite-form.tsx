"use client";

import { useEffect, useRef, useState } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { useSudoAsk } from "@/components/sudo/sudo-provider";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { TextField } from "@/components/ui/text-field";
import { TEAM_ROLE_LABELS, TEAM_ROLES, type TeamRole } from "@/lib/teams";
import type { InviteMemberInput } from "@/lib/validation/teams";
import { inviteMemberAction, type InviteAnswer } from "../../actions";
import { TEAM_WORDS } from "../../words";

const loadSchema = () => import("@/lib/validation/teams").then((m) => m.inviteMemberSchema);

/** An email and a role; the link is shown here once (the one way to send it when the console sends no email). */
export function InviteForm({ teamId, myRole }: { teamId: string; myRole: TeamRole }) {
  const { form, field, state, pending, formError, formProps } = useActionForm<InviteMemberInput, InviteAnswer>({
    action: inviteMemberAction,
    schema: loadSchema,
    defaultValues: { teamId, email: "", role: "member" },
  });
  const { errors } = form.formState;
  // An invitation needs sudo mode: asked, then the same form is posted again (what was typed stays).
  const ask = useSudoAsk();
  const formRef = useRef<HTMLFormElement>(null);
  const askedFor = state && !state.ok && state.sudo ? state : null;
  useEffect(() => {
    if (askedFor) void ask().then((confirmed) => confirmed && formRef.current?.requestSubmit());
  }, [askedFor, ask]);
  const roles = myRole === "owner" ? TEAM_ROLES : TEAM_ROLES.filter((role) => role !== "owner");
  return (
    <div className="space-y-4">
      <form ref={formRef} {...formProps} className="grid max-w-2xl gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-start">
        <input type="hidden" {...form.register("teamId")} value={teamId} />
        <TextField label={TEAM_WORDS.email} type="email" autoComplete="off" error={errors.email?.message} {...field("email")} />
        <div>
          <label htmlFor="invite-role" className="block text-sm font-medium text-slate-800">
            {TEAM_WORDS.role}
          </label>
          <select
            id="invite-role"
            {...field("role")}
            className="mt-1.5 block h-10 w-full rounded-lg border border-slate-300 bg-white px-3 text-sm text-slate-900 shadow-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-500/20 focus:outline-none"
          >
            {roles.map((role) => (
              <option key={role} value={role}>
                {TEAM_ROLE_LABELS[role]}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" pending={pending} className="sm:mt-7">
          {TEAM_WORDS.invite}
        </Button>
      </form>
      {formError && !askedFor ? <FormAlert>{formError}</FormAlert> : null}
      {state?.ok ? <InvitationLink answer={state.data} /> : null}
    </div>
  );
}

function InvitationLink({ answer }: { answer: InviteAnswer }) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="max-w-2xl rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900">
      <p className="font-medium">{TEAM_WORDS.invited(answer.email)}</p>
      <p className="mt-1">{answer.mailed ? TEAM_WORDS.mailed(answer.email) : TEAM_WORDS.notMailed}</p>
      <label htmlFor="invitation-link" className="mt-3 block text-xs font-medium text-emerald-900">
        {TEAM_WORDS.invitationLink}
      </label>
      <div className="mt-1 flex gap-2">
        <input
          id="invitation-link"
          readOnly
          value={answer.link}
          onFocus={(event) => event.currentTarget.select()}
          className="h-9 min-w-0 flex-1 rounded-md border border-emerald-300 bg-white px-2 font-mono text-xs text-slate-900"
        />
        <Button size="sm" variant="secondary" onClick={() => void navigator.clipboard?.writeText(answer.link).then(() => setCopied(true))}>
          {copied ? TEAM_WORDS.copied : TEAM_WORDS.copy}
        </Button>
      </div>
    </div>
  );
}
