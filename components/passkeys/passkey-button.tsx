"use client";

import { startAuthentication, type AuthenticationResponseJSON, type PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import type { ActionResult } from "@/lib/model";

type Props = {
  label: string;
  /** Asks the server for a challenge (kept server-side, in a sealed cookie). */
  options: (input: object) => Promise<ActionResult<PublicKeyCredentialRequestOptionsJSON>>;
  /** Sends the browser's answer; success redirects. */
  verify: (input: { response: AuthenticationResponseJSON }) => Promise<ActionResult<unknown>>;
  failed: string;
  variant?: "primary" | "secondary";
  /** Called once the server accepted the answer (when it answers instead of redirecting). */
  onVerified?: () => void;
};

/** One passkey ceremony: a challenge from the server, the browser's prompt, the answer back. */
export function PasskeyButton({ label, options, verify, failed, variant = "secondary", onVerified }: Props) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setPending(true);
    setError(null);
    try {
      const challenge = await options({});
      if (!challenge.ok) return setError(challenge.message);
      const response = await startAuthentication({ optionsJSON: challenge.data });
      const result = await verify({ response });
      if (result && !result.ok) setError(result.message);
      else onVerified?.();
    } catch (problem) {
      // A redirect from the action is how success ends: let Next.js follow it.
      if (problem instanceof Error && problem.message === "NEXT_REDIRECT") throw problem;
      if (typeof problem === "object" && problem !== null && "digest" in problem) throw problem;
      setError(failed);
    } finally {
      setPending(false);
    }
  };
  return (
    <div className="space-y-3">
      {error ? <FormAlert>{error}</FormAlert> : null}
      <Button variant={variant} className="w-full" pending={pending} onClick={run}>
        {label}
      </Button>
    </div>
  );
}
