"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { SSO_WORDS } from "../../words";

/**
 * "Sign in with <provider>": next-auth's client fetches its CSRF token, posts the sign-in and
 * sends the browser to the provider; the provider sends it back to the callback, which starts
 * the session and goes on to `returnTo`.
 */
export function SsoButton({ name, returnTo, variant }: { name: string; returnTo: string; variant: "primary" | "secondary" }) {
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);
  return (
    <div>
      <Button
        variant={variant}
        pending={pending}
        className="w-full"
        onClick={() => {
          setPending(true);
          setFailed(false);
          signIn("oidc", { callbackUrl: returnTo }).catch(() => {
            setPending(false);
            setFailed(true);
          });
        }}
      >
        {SSO_WORDS.button(name)}
      </Button>
      {failed ? (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {SSO_WORDS.unreachable(name)}
        </p>
      ) : null}
    </div>
  );
}
