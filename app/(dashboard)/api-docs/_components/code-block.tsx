"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";

export function CodeBlock({ label, code }: { label: string; code: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <figure className="min-w-0">
      <figcaption className="flex items-center justify-between text-xs font-semibold tracking-wide text-slate-600 uppercase">
        {label}
        <button
          type="button"
          onClick={async () => {
            await navigator.clipboard.writeText(code).then(
              () => setCopied(true),
              () => setCopied(false),
            );
            setTimeout(() => setCopied(false), 2000);
          }}
          className="flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium tracking-normal text-slate-600 normal-case hover:bg-slate-100 hover:text-slate-800"
          aria-label={`Copy ${label.toLowerCase()}`}
        >
          {copied ? <Check className="size-3.5 text-green-600" aria-hidden="true" /> : <Copy className="size-3.5" aria-hidden="true" />}
          {copied ? "Copied" : "Copy"}
        </button>
      </figcaption>
      {/* Focusable, so that a keyboard can scroll a long example. */}
      <pre
        tabIndex={0}
        aria-label={`${label} example`}
        className="mt-2 max-h-72 overflow-auto rounded-lg bg-slate-900 p-4 font-mono text-xs leading-5 text-slate-100"
      >
        <code>{code}</code>
      </pre>
    </figure>
  );
}
