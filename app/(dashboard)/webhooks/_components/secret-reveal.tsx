"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { WEBHOOK_WORDS } from "../words";

/** A new signing secret, shown once, with a copy button; Done forgets it. */
export function SecretReveal({ secret, message, onDone }: { secret: string; message: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm">
      <p className="font-medium text-emerald-900">{message}</p>
      <label htmlFor="webhook-secret" className="mt-3 block text-xs font-medium text-emerald-900">
        {WEBHOOK_WORDS.secretLabel}
      </label>
      <div className="mt-1 flex gap-2">
        <input
          id="webhook-secret"
          readOnly
          value={secret}
          onFocus={(event) => event.currentTarget.select()}
          className="h-9 min-w-0 flex-1 rounded-md border border-emerald-300 bg-white px-2 font-mono text-xs text-slate-900"
        />
        <Button size="sm" variant="secondary" onClick={() => void navigator.clipboard?.writeText(secret).then(() => setCopied(true))}>
          {copied ? WEBHOOK_WORDS.copied : WEBHOOK_WORDS.copy}
        </Button>
      </div>
      <p className="mt-2 text-xs text-emerald-900">{WEBHOOK_WORDS.secretHint}</p>
      <Button size="sm" className="mt-3" onClick={onDone}>
        {WEBHOOK_WORDS.done}
      </Button>
    </div>
  );
}
