"use client";

import { ShieldCheck } from "lucide-react";
import Link from "next/link";
import { useOptimistic, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { dismissAdminWelcomeAction } from "../actions";

const linkClass = "font-semibold text-brand-700 underline underline-offset-2 hover:text-brand-900";

/**
 * Once, for the console's first account: what being its admin means, and where those pages
 * are. Stays until dismissed, so that a reload or a detour does not lose it.
 */
export function AdminWelcome({ show }: { show: boolean }) {
  const [shown, hide] = useOptimistic(show, () => false);
  const [, startTransition] = useTransition();
  if (!shown) return null;
  const onDismiss = () =>
    startTransition(async () => {
      hide(null);
      // The button is going: focus goes to the page's main region, not to the document.
      document.getElementById("main")?.focus({ preventScroll: true });
      await dismissAdminWelcomeAction({}).catch(() => undefined);
    });

  return (
    <section
      aria-labelledby="admin-welcome-title"
      className="mt-6 rounded-xl border border-brand-200 bg-brand-50 px-4 py-4 text-sm sm:px-5"
    >
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start">
        <ShieldCheck className="hidden size-6 shrink-0 text-brand-600 sm:block" aria-hidden="true" />
        <div className="min-w-0 flex-1 text-slate-700">
          <h2 id="admin-welcome-title" className="text-base font-semibold text-slate-900">
            You are this console’s admin
          </h2>
          <p className="mt-1">Besides your own tokens, seven pages under Admin in the navigation are yours alone:</p>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            <li>
              <Link href="/admin" className={linkClass}>
                Overview
              </Link>
              : every token’s requests and refusals over time, the busiest tokens, and the unused ones to revoke.
            </li>
            <li>
              <Link href="/admin/tokens" className={linkClass}>
                All Tokens
              </Link>
              : every user’s tokens, with their owners and last use. Revoke any of them; its owner is told.
            </li>
            <li>
              <Link href="/admin/approvals" className={linkClass}>
                Approvals
              </Link>
              : the tokens that wait for an admin, because they ask for permissions your policies reserve.
            </li>
            <li>
              <Link href="/admin/policies" className={linkClass}>
                Policies
              </Link>
              : the rules for every token (lifetime, allowed IPs, approval) and whether every account needs two-factor.
            </li>
            <li>
              <Link href="/admin/compliance" className={linkClass}>
                Compliance
              </Link>
              : the working tokens that break those rules, or that nobody uses; notify their owners, disable or revoke them.
            </li>
            <li>
              <Link href="/admin/audit" className={linkClass}>
                Audit Log
              </Link>
              : every sign-in and every token event, filtered by action, user and time, exportable as CSV.
            </li>
            <li>
              <Link href="/admin/users" className={linkClass}>
                Users
              </Link>
              : every account; disable one when its person leaves (offboarding), and hand over the team tokens they made.
            </li>
          </ul>
          <p className="mt-2 text-slate-600">
            People who join after you are members. To make another admin, run{" "}
            <code className="rounded bg-white px-1 py-0.5 text-xs whitespace-nowrap text-slate-800">
              npm run admin -- grant &lt;email&gt;
            </code>{" "}
            on the server.
          </p>
        </div>
        <Button variant="secondary" size="sm" onClick={onDismiss} className="self-start">
          Got it
        </Button>
      </div>
    </section>
  );
}
