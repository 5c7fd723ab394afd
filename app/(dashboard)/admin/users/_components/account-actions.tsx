"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { AccountRow } from "@/lib/dal/offboarding";
import { disableAccountAction, enableAccountAction } from "../actions";
import { useSudoAction } from "@/components/sudo/sudo-provider";
import { USERS_WORDS as W } from "../words";
import { useSay } from "./notice-area";

/** Disable or Enable, each behind a confirmation that says what happens; the notice says what did. */
export function AccountActions({ account, self }: { account: AccountRow; self: boolean }) {
  const router = useRouter();
  const disableAccount = useSudoAction(disableAccountAction);
  const enableAccount = useSudoAction(enableAccountAction);
  const [confirming, setConfirming] = useState<"disable" | "enable" | null>(null);
  const say = useSay();
  const disabled = account.disabledAt !== null;
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap justify-end gap-2">
        {disabled && account.teamTokens > 0 ? (
          <Link
            href={`/admin/users/${account.id}`}
            className="inline-flex h-8 items-center rounded-md px-2 text-sm font-medium text-brand-700 hover:bg-brand-50 hover:underline"
          >
            {W.teamTokens(account.teamTokens)}
          </Link>
        ) : null}
        {disabled ? (
          <Button variant="secondary" size="sm" onClick={() => setConfirming("enable")} aria-label={`${W.enable} ${account.email}`}>
            {W.enable}
          </Button>
        ) : self ? null : (
          <Button variant="danger-ghost" size="sm" onClick={() => setConfirming("disable")} aria-label={`${W.disable} ${account.email}`}>
            {W.disable}
          </Button>
        )}
      </div>
      <ConfirmDialog
        subject={confirming === "disable" ? account : null}
        title={(subject) => W.disableTitle(subject.email)}
        description={W.disableDescription(account.personalTokens)}
        confirmLabel={W.disableConfirm}
        action={(subject) => disableAccount({ id: subject.id })}
        onClose={() => setConfirming(null)}
        onDone={(data) => {
          say(W.disabledNotice(data.email, data.revokedTokens));
          router.refresh();
        }}
      />
      <ConfirmDialog
        subject={confirming === "enable" ? account : null}
        title={(subject) => W.enableTitle(subject.email)}
        description={W.enableDescription}
        confirmLabel={W.enableConfirm}
        tone="primary"
        action={(subject) => enableAccount({ id: subject.id })}
        onClose={() => setConfirming(null)}
        onDone={(data) => {
          say(W.enabledNotice(data.email));
          router.refresh();
        }}
      />
    </div>
  );
}
