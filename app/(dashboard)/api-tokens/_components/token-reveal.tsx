"use client";

import { Check, Copy, TriangleAlert } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { SCOPE_LABELS, type Scope } from "@/lib/model";

export type RevealedToken = { name: string; scope: Scope; secret: string };

/** The one and only view of a new token's secret. */
export function TokenReveal({ token, onDone }: { token: RevealedToken; onDone: () => void }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 2500);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(token.secret);
      setCopied("yes");
    } catch {
      // Without clipboard permission, select the text so that Ctrl+C / Cmd+C copies it.
      inputRef.current?.select();
      setCopied("failed");
    }
  }

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex-1 space-y-5 overflow-y-auto px-6 py-6">
        <div>
          <p className="text-sm text-slate-600">Token</p>
          <p className="mt-0.5 text-base font-semibold break-words text-slate-900">
            {token.name}{" "}
            <span className="ml-1 rounded-full bg-slate-100 px-2 py-0.5 align-middle text-xs font-medium text-slate-600">
              {SCOPE_LABELS[token.scope]}
            </span>
          </p>
        </div>
        <div>
          <label htmlFor="new-token-secret" className="block text-sm font-medium text-slate-800">
            Your API token
          </label>
          <div className="mt-1.5 flex items-start gap-2">
            {/* A textarea so that the whole token is visible, wrapped, not scrolled out of sight. */}
            <textarea
              ref={inputRef}
              id="new-token-secret"
              readOnly
              rows={2}
              value={token.secret}
              onFocus={(event) => event.currentTarget.select()}
              spellCheck={false}
              autoComplete="off"
              className="block min-w-0 flex-1 resize-none rounded-lg border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm leading-6 break-all text-slate-900 focus:border-brand-500 focus:ring-2 focus:ring-brand-500/20 focus:outline-none"
            />
            <Button variant="secondary" onClick={copy} className="w-28">
              {copied === "yes" ? (
                <Check className="size-4 text-green-600" aria-hidden="true" />
              ) : (
                <Copy className="size-4" aria-hidden="true" />
              )}
              {copied === "yes" ? "Copied" : "Copy"}
            </Button>
          </div>
          <p role="status" className="mt-1.5 min-h-5 text-sm text-slate-600">
            {copied === "yes"
              ? "Copied to the clipboard."
              : copied === "failed"
                ? "Press Ctrl+C (⌘C on a Mac) to copy the selected token."
                : ""}
          </p>
        </div>
        <div role="note" className="flex gap-3 rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900">
          <TriangleAlert className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden="true" />
          <div>
            <p className="font-semibold">Copy this token now. It will not be shown again.</p>
            <p className="mt-1 text-amber-800">
              Store it somewhere safe, such as a password manager or your CI’s secret store. If you lose it, delete the token and create a
              new one.
            </p>
          </div>
        </div>
      </div>
      <footer className="flex justify-end border-t border-slate-200 bg-slate-50 px-6 py-4">
        <Button onClick={onDone}>Done</Button>
      </footer>
    </div>
  );
}
