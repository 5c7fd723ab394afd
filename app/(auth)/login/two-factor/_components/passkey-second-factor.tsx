"use client";

import { PasskeyButton } from "@/components/passkeys/passkey-button";
import { passkeySecondFactor, passkeySecondFactorOptions } from "../../passkey-actions";
import { TWO_FACTOR_LOGIN_WORDS as WORDS } from "../words";

export function PasskeySecondFactor({ alone }: { alone: boolean }) {
  return (
    <div className={alone ? "" : "mb-6"}>
      <PasskeyButton label={WORDS.passkey} options={passkeySecondFactorOptions} verify={passkeySecondFactor} failed={WORDS.passkeyFailed} />
    </div>
  );
}
