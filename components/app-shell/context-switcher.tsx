"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useRef } from "react";
import { cn } from "@/components/ui/cn";
import { CONTEXT_WORDS } from "@/components/app-shell/words";

/** A context of the API Token page: the person's own tokens (id ""), or a team's. */
export type ShellTeam = { id: string; name: string };

/**
 * The sidebar's context switcher: which tokens the API Token page lists, the person's own or one
 * of their teams'. A form that asks for /api-tokens?team=…, so that it works before the page's
 * JavaScript has loaded; with it, choosing is enough. Only the teams the person is in are listed,
 * and the page checks the membership again.
 */
export function ContextSwitcher({ teams, tone = "dark", onNavigate }: { teams: ShellTeam[]; tone?: "dark"; onNavigate?: () => void }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  if (teams.length === 0) return null;
  const current = pathname === "/api-tokens" ? (params.get("team") ?? "") : "";
  const selectId = "context-switcher";
  return (
    <form
      ref={form}
      method="get"
      action="/api-tokens"
      className="px-1"
      onSubmit={(event) => {
        event.preventDefault();
        const team = new FormData(event.currentTarget).get("team");
        router.push(typeof team === "string" && team ? `/api-tokens?team=${encodeURIComponent(team)}` : "/api-tokens");
        onNavigate?.();
      }}
    >
      <label htmlFor={selectId} className="px-2 text-xs font-semibold tracking-wider text-sidebar-muted uppercase">
        {CONTEXT_WORDS.label}
      </label>
      <div className="mt-2 flex gap-2">
        <select
          id={selectId}
          name="team"
          defaultValue={current}
          key={current}
          onChange={() => form.current?.requestSubmit()}
          className={cn(
            "min-w-0 flex-1 rounded-lg border px-2.5 py-2 text-sm",
            tone === "dark" && "border-slate-600 bg-sidebar-hover text-white focus-visible:outline-2 focus-visible:outline-brand-400",
          )}
        >
          <option value="">{CONTEXT_WORDS.personal}</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
        {/* Without JavaScript, choosing does not submit: this does. */}
        <noscript>
          <button type="submit" className="rounded-lg bg-brand-600 px-3 py-2 text-sm font-medium text-white">
            {CONTEXT_WORDS.go}
          </button>
        </noscript>
      </div>
    </form>
  );
}
