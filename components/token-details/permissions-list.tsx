"use client";

import { LocalTime } from "@/components/ui/local-time";
import { timeAgo, useMinute } from "@/components/ui/last-used";
import { groupByResource, narrowingOf, type Catalogue, type PermissionUse } from "@/lib/permissions";
import type { Scope } from "@/lib/scopes";
import { DETAILS_WORDS } from "./words";

/**
 * What the token may do, grouped by resource, and for each permission when it last exercised it
 * in the window ("Used 2 hours ago", or not). A read kept because its write was used says so:
 * narrowing keeps it.
 */
export function PermissionsList({
  scope,
  uses,
  catalogue,
  children,
}: {
  scope: Scope;
  uses: readonly PermissionUse[];
  catalogue: Catalogue;
  /** Above the list, where it is seen without scrolling past it: what just changed, what can be done. */
  children?: React.ReactNode;
}) {
  const now = useMinute();
  const last = new Map(uses.map((use) => [use.permission, use.lastUsedAt]));
  const { kept, used, unrecorded } = narrowingOf(uses, now ?? 0, catalogue);
  const groups = groupByResource(
    uses.map((use) => use.permission),
    catalogue,
  );
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">{DETAILS_WORDS.grantNote[scope] ?? DETAILS_WORDS.grantNote.READ_ONLY}</p>
      {now !== null && used.length === 0 && unrecorded.length === 0 ? (
        <p className="text-sm text-slate-700">{DETAILS_WORDS.usedNone}</p>
      ) : null}
      {unrecorded.length > 0 ? <p className="text-sm text-slate-600">{DETAILS_WORDS.unrecordedNote}</p> : null}
      {children}
      <ul aria-label={DETAILS_WORDS.permissionsList} className="divide-y divide-slate-100 rounded-lg border border-slate-200">
        {groups.map((group) => (
          <li key={group.id} className="grid grid-cols-1 gap-x-4 gap-y-0.5 px-3 py-2 sm:grid-cols-[9rem_1fr]">
            <p className="text-sm font-medium break-words text-slate-900">{group.label}</p>
            <ul className="space-y-0.5">
              {group.actions.map((action) => {
                const permission = `${group.id}:${action}`;
                const at = last.get(permission) ?? null;
                const inWindow = now !== null && used.includes(permission);
                const ago = inWindow && at ? timeAgo(at, now) : null;
                return (
                  <li key={action} className="flex flex-wrap items-baseline justify-between gap-x-3 text-sm">
                    <span className="text-slate-700">{DETAILS_WORDS.levels[action]}</span>
                    <span className={inWindow ? "text-slate-900" : "text-slate-500"}>
                      {inWindow && at ? (
                        ago ? (
                          <time dateTime={at} title={at}>
                            {DETAILS_WORDS.used(ago)}
                          </time>
                        ) : (
                          <LocalTime iso={at} />
                        )
                      ) : unrecorded.includes(permission) ? (
                        DETAILS_WORDS.notRecorded
                      ) : (
                        <>
                          {DETAILS_WORDS.notUsed}
                          {kept.includes(permission) ? ` · ${DETAILS_WORDS.keptWithWrite}` : ""}
                        </>
                      )}
                    </span>
                  </li>
                );
              })}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}
