"use client";

import { PasskeyButton } from "@/components/passkeys/passkey-button";
import { passkeySignIn, passkeySignInOptions } from "../passkey-actions";
import { TWO_FACTOR_LOGIN_WORDS as WORDS } from "../two-factor/words";

/** A passwordless sign-in: the passkey names its account (a discoverable credential). */
export function PasskeySignIn({ returnTo }: { returnTo: string }) {
  return (
    <div className="mt-3">
      <PasskeyButton
        label={WORDS.signInWithPasskey}
        options={passkeySignInOptions}
        verify={(input) => passkeySignIn({ ...input, callbackUrl: returnTo })}
        failed={WORDS.passkeySignInFailed}
      />
    </div>
  );
}
