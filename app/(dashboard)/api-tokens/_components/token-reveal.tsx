"use client";

import { BookOpen, Check, Copy, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ScopeBadge } from "@/components/ui/scope-badge";
import { grantCovers } from "@/lib/permissions";
import type { Scope } from "@/lib/scopes";
import { LocalTime } from "@/components/ui/local-time";
import { REVEAL_WORDS } from "../words";

/** `pending`: created waiting for an admin's approval (the policy reserves some of its permissions). */
export type RevealedToken = {
  id: string;
  name: string;
  scope: Scope;
  permissions: string[];
  secret: string;
  pending?: boolean;
  /** After a roll that applied the policy's maximum lifetime: when the new secret expires (ISO). */
  policyExpiry?: string | null;
};

/** The characters of a secret shown in the curl line: its prefix, enough to tell it apart, never the whole. */
const SHOWN = 12;

/**
 * The call "Try it" shows: one the token may make (a Custom token without account:read is
 * refused /v2/account/info), or none when it holds only the platform's permissions.
 */
export function tryItCall(token: Pick<RevealedToken, "scope" | "permissions">) {
  if (grantCovers(token, "account:read")) return { path: "/v2/account/info", intro: REVEAL_WORDS.tryItIntro, label: REVEAL_WORDS.command };
  if (grantCovers(token, "api_keys:read")) return { path: "/v2/api", intro: REVEAL_WORDS.tryItKeysIntro, label: REVEAL_WORDS.commandKeys };
  return null;
}

/**
 * The one and only view of a new token's secret: the whole secret, Copy (focused as it opens),
 * and what to do next (a curl line for this server, whole in the clipboard, masked on screen).
 * `onCopied` tells the panel the secret has been copied, by the button or by Ctrl+C on the field,
 * so that closing no longer asks first.
 */
export function TokenReveal({ token, onCopied, onDone }: { token: RevealedToken; onCopied: () => void; onDone: () => void }) {
  const secretRef = useRef<HTMLTextAreaElement>(null);
  const copyRef = useRef<HTMLButtonElement>(null);
  // The server's own address, as the browser reached it (the panel renders in the browser only).
  const origin = typeof window === "undefined" ? "" : window.location.origin;

  useEffect(() => copyRef.current?.focus(), []);

  const call = tryItCall(token);
  const command = (secret: string) => `curl -H "Authorization: Bearer ${secret}" ${origin}${call?.path}`;

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex-1 space-y-5 overflow-y-auto px-6 py-6">
        <div>
          <p className="text-sm text-slate-600">{REVEAL_WORDS.token}</p>
          <p className="mt-0.5 flex flex-wrap items-center gap-2 text-base font-semibold break-words text-slate-900">
            <span className="min-w-0 break-words">{token.name}</span>
            <ScopeBadge grant={token} />
          </p>
        </div>
        {token.policyExpiry ? (
          <p role="status" className="rounded-lg border border-sky-200 bg-sky-50 px-3 py-2.5 text-sm text-sky-950">
            {REVEAL_WORDS.policyExpiry} <LocalTime iso={token.policyExpiry} />.
          </p>
        ) : null}
        {token.pending ? (
          <p role="status" className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2.5 text-sm text-amber-900">
            {REVEAL_WORDS.pendingApproval}
          </p>
        ) : null}
        <div>
          <label htmlFor="new-token-secret" className="block text-sm font-medium text-slate-800">
            {REVEAL_WORDS.secret}
          </label>
          {/* The whole secret at every width: the field grows to its text (it wraps, it never scrolls out of sight). */}
          <textarea
            ref={secretRef}
            id="new-token-secret"
            readOnly
            rows={2}
            value={token.secret}
            onFocus={(event) => event.currentTarget.select()}
            onCopy={onCopied}
            spellCheck={false}
            autoComplete="off"
            className="mt-1.5 block w-full resize-none overflow-hidden rounded-lg border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm leading-6 break-all text-slate-900 [field-sizing:content] focus:border-brand-500 focus:ring-2 focus:ring-brand-500/20 focus:outline-none"
          />
          <CopyButton
            ref={copyRef}
            text={token.secret}
            label={REVEAL_WORDS.copy}
            copiedMessage={REVEAL_WORDS.copiedMessage}
            onCopied={onCopied}
            fallback={() => secretRef.current?.select()}
            fallbackMessage={REVEAL_WORDS.copyFallback}
          />
        </div>
        <div role="note" className="flex gap-3 rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900">
          <TriangleAlert className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden="true" />
          <div>
            <p className="font-semibold">{REVEAL_WORDS.warning}</p>
            <p className="mt-1 text-amber-800">{REVEAL_WORDS.storeIt}</p>
          </div>
        </div>
        <section aria-labelledby="reveal-try-it" className="space-y-2">
          <h3 id="reveal-try-it" className="text-sm font-medium text-slate-800">
            {REVEAL_WORDS.tryIt}
          </h3>
          {call ? (
            <>
              <p className="text-sm text-slate-600">{call.intro}</p>
              {token.pending ? <p className="text-sm text-amber-900">{REVEAL_WORDS.tryItOnceApproved}</p> : null}
              <pre
                aria-label={call.label}
                className="overflow-x-auto rounded-lg bg-slate-900 px-3 py-2.5 font-mono text-xs leading-5 whitespace-pre-wrap break-words text-slate-100"
              >
                {command(`${token.secret.slice(0, SHOWN)}…`)}
              </pre>
            </>
          ) : (
            <p className="text-sm text-slate-600">{REVEAL_WORDS.nothingToTry}</p>
          )}
          <div className="flex flex-wrap items-center justify-between gap-2">
            {call ? (
              <CopyButton
                text={command(token.secret)}
                label={REVEAL_WORDS.copyCommand}
                copiedMessage={REVEAL_WORDS.commandCopied}
                size="sm"
              />
            ) : null}
            <Link href="/api-docs" className="inline-flex items-center gap-1.5 text-sm font-medium text-brand-600 hover:underline">
              <BookOpen className="size-4" aria-hidden="true" />
              {REVEAL_WORDS.docs}
            </Link>
          </div>
        </section>
      </div>
      <footer className="flex justify-end border-t border-slate-200 bg-slate-50 px-6 py-4">
        <Button onClick={onDone}>{REVEAL_WORDS.done}</Button>
      </footer>
    </div>
  );
}

type CopyButtonProps = {
  text: string;
  label: string;
  copiedMessage: string;
  onCopied?: () => void;
  /** Without clipboard permission: what to do instead (select the text), and what to say. */
  fallback?: () => void;
  fallbackMessage?: string;
  size?: "sm" | "md";
  ref?: React.Ref<HTMLButtonElement>;
};

function CopyButton({ text, label, copiedMessage, onCopied, fallback, fallbackMessage, size = "md", ref }: CopyButtonProps) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 2500);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("yes");
      onCopied?.();
    } catch {
      fallback?.();
      setCopied("failed");
    }
  }

  return (
    <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1">
      <Button ref={ref} variant="secondary" size={size} onClick={copy} className={size === "md" ? "min-w-28" : undefined}>
        {copied === "yes" ? <Check className="size-4 text-green-600" aria-hidden="true" /> : <Copy className="size-4" aria-hidden="true" />}
        {copied === "yes" ? REVEAL_WORDS.copied : label}
      </Button>
      <p role="status" className="min-h-5 text-sm text-slate-600">
        {copied === "yes" ? copiedMessage : copied === "failed" ? (fallbackMessage ?? REVEAL_WORDS.noClipboard) : ""}
      </p>
    </div>
  );
}
