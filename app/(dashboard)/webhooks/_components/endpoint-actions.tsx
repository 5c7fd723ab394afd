"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useSudoAction } from "@/components/sudo/sudo-provider";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { MESSAGES } from "@/lib/model";
import { deleteWebhookAction, rotateWebhookSecretAction, sendTestEventAction, setWebhookEnabledAction } from "../actions";
import { WEBHOOK_WORDS } from "../words";
import { SecretReveal } from "./secret-reveal";

/** Send test event, Rotate secret, Disable or Enable, Delete endpoint: each says what it did. */
export function EndpointActions({ id, enabled }: { id: string; enabled: boolean }) {
  const router = useRouter();
  // An installation's endpoint changes in sudo mode: these ask for the identity first when needed.
  const rotate = useSudoAction(rotateWebhookSecretAction);
  const remove = useSudoAction(deleteWebhookAction);
  const toggle = useSudoAction(setWebhookEnabledAction);
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<"rotate" | "delete" | null>(null);

  const run = (work: () => Promise<{ ok: boolean; message?: string }>, done: string, refreshAfterMs = 0) =>
    startTransition(async () => {
      setMessage(null);
      setError(null);
      const result = await work().catch(() => ({ ok: false, message: MESSAGES.noAnswer }));
      if (!result.ok) return setError(result.message ?? MESSAGES.noAnswer);
      setMessage(done);
      router.refresh();
      // The test event goes out in a moment: the log shows it then.
      if (refreshAfterMs) setTimeout(() => router.refresh(), refreshAfterMs);
    });

  return (
    <div className="space-y-4">
      {error ? <FormAlert>{error}</FormAlert> : null}
      {message ? (
        <p role="status" className="text-sm text-emerald-700">
          {message}
        </p>
      ) : null}
      {secret ? <SecretReveal secret={secret} message={WEBHOOK_WORDS.rotated} onDone={() => setSecret(null)} /> : null}
      <div className="flex flex-wrap gap-2">
        <Button
          variant="secondary"
          size="sm"
          pending={pending}
          disabled={!enabled}
          onClick={() => run(() => sendTestEventAction({ id }), WEBHOOK_WORDS.testSent, 1500)}
        >
          {WEBHOOK_WORDS.sendTest}
        </Button>
        <Button variant="secondary" size="sm" onClick={() => setConfirming("rotate")}>
          {WEBHOOK_WORDS.rotate}
        </Button>
        <Button
          variant="secondary"
          size="sm"
          pending={pending}
          onClick={() => run(() => toggle({ id, enabled: !enabled }), enabled ? WEBHOOK_WORDS.disabledNow : WEBHOOK_WORDS.enabledAgain)}
        >
          {enabled ? WEBHOOK_WORDS.disable : WEBHOOK_WORDS.enable}
        </Button>
        <Button variant="danger-ghost" size="sm" onClick={() => setConfirming("delete")}>
          {WEBHOOK_WORDS.remove}
        </Button>
      </div>
      <ConfirmDialog
        subject={confirming === "rotate" ? id : null}
        title={() => WEBHOOK_WORDS.rotate}
        description={WEBHOOK_WORDS.rotateConfirm}
        confirmLabel={WEBHOOK_WORDS.rotate}
        tone="primary"
        action={(subject) => rotate({ id: subject })}
        onClose={() => setConfirming(null)}
        onDone={(data) => {
          setConfirming(null);
          setSecret(data.secret);
          router.refresh();
        }}
      />
      <ConfirmDialog
        subject={confirming === "delete" ? id : null}
        title={() => WEBHOOK_WORDS.remove}
        description={WEBHOOK_WORDS.removeConfirm}
        confirmLabel={WEBHOOK_WORDS.remove}
        action={(subject) => remove({ id: subject })}
        onClose={() => setConfirming(null)}
        onDone={() => router.push("/webhooks?deleted=1")}
      />
    </div>
  );
}
