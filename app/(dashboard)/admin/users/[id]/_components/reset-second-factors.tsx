"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { resetSecondFactorsAction } from "../../two-factor-actions";
import { useSudoAction } from "@/components/sudo/sudo-provider";

/** Shown when the account has a second factor: a reset removes them all and ends its sessions. */
export function ResetSecondFactors({ accountId }: { accountId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const reset = useSudoAction(resetSecondFactorsAction);
  return (
    <div className="mt-4 space-y-2">
      {error ? <FormAlert>{error}</FormAlert> : null}
      <p className="text-sm text-slate-600">
        This account has two-factor authentication. Resetting it removes its authenticator app, recovery codes and passkeys, and logs it out
        everywhere.
      </p>
      <Button
        variant="secondary"
        pending={pending}
        onClick={async () => {
          setPending(true);
          const result = await reset({ id: accountId });
          setPending(false);
          if (result.ok) router.refresh();
          else setError(result.message);
        }}
      >
        Reset two-factor authentication
      </Button>
    </div>
  );
}
