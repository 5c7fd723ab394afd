"use client";

import { useState, useTransition } from "react";
import { useSudoAction } from "@/components/sudo/sudo-provider";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { MESSAGES } from "@/lib/model";
import { MEMBER_TOKEN_RULE_LABELS, MEMBER_TOKEN_RULES, type MemberTokenRule } from "@/lib/teams";
import { setMemberTokenRuleAction } from "../../actions";
import { TEAM_WORDS } from "../../words";

export function RuleForm({ teamId, rule }: { teamId: string; rule: MemberTokenRule }) {
  const [choice, setChoice] = useState<MemberTokenRule>(rule);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const setRule = useSudoAction(setMemberTokenRuleAction);
  const save = (event: React.FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      const result = await setRule({ teamId, rule: choice }).catch(() => ({
        ok: false as const,
        message: MESSAGES.noAnswer,
      }));
      setMessage(result.ok ? { ok: true, text: TEAM_WORDS.ruleSaved } : { ok: false, text: result.message });
    });
  };
  return (
    <form onSubmit={save} className="space-y-4">
      <fieldset>
        <legend className="sr-only">{TEAM_WORDS.ruleTitle}</legend>
        <div className="space-y-2">
          {MEMBER_TOKEN_RULES.map((option) => (
            <label key={option} className="flex items-center gap-2 text-sm text-slate-800">
              <input
                type="radio"
                name="rule"
                value={option}
                checked={choice === option}
                onChange={() => setChoice(option)}
                className="size-4 accent-brand-600"
              />
              {MEMBER_TOKEN_RULE_LABELS[option]}
            </label>
          ))}
        </div>
      </fieldset>
      {message ? (
        message.ok ? (
          <p role="status" className="text-sm text-emerald-700">
            {message.text}
          </p>
        ) : (
          <FormAlert>{message.text}</FormAlert>
        )
      ) : null}
      <Button type="submit" variant="secondary" pending={pending}>
        {TEAM_WORDS.ruleSave}
      </Button>
    </form>
  );
}
