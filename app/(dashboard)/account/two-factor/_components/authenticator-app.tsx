"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { TextField } from "@/components/ui/text-field";
import { confirmTotpSetup, regenerateCodes, removeTotpAction, startTotpSetup } from "../actions";
import { useSudoAction } from "@/components/sudo/sudo-provider";
import { TWO_FACTOR_WORDS as WORDS } from "../words";
import { SetupQr } from "./setup-qr";

type Enrolment = { secret: string; uri: string };

/** Set up (link or key, then a first code), recovery codes shown once, regenerate, remove. */
export function AuthenticatorApp({ on }: { on: boolean }) {
  const router = useRouter();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const startSetup = useSudoAction(startTotpSetup);
  const call = async <T,>(
    work: () => Promise<{ ok: true; data: T } | { ok: false; message: string }>,
    done: (data: T) => void,
    failed?: () => void,
  ) => {
    setPending(true);
    setError(null);
    try {
      const result = await work();
      if (result.ok) done(result.data);
      else {
        setError(result.message);
        failed?.();
      }
    } finally {
      setPending(false);
    }
  };

  if (codes)
    return (
      <div className="space-y-4">
        <h3 className="text-sm font-semibold text-slate-900">{WORDS.codesTitle}</h3>
        <p className="text-sm text-slate-600">{WORDS.codesNote}</p>
        <ul
          aria-label={WORDS.codesTitle}
          className="grid max-w-md grid-cols-2 gap-2 rounded-lg bg-slate-50 p-4 font-mono text-sm text-slate-900"
        >
          {codes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ul>
        <Button
          onClick={() => {
            setCodes(null);
            setEnrolment(null);
            router.refresh();
          }}
        >
          {WORDS.codesSaved}
        </Button>
      </div>
    );

  if (on) return <Manage pending={pending} error={error} call={call} onCodes={setCodes} onRemoved={() => router.refresh()} />;

  if (!enrolment)
    return (
      <div className="space-y-3">
        {error ? <FormAlert>{error}</FormAlert> : null}
        <Button pending={pending} onClick={() => call(() => startSetup({}), setEnrolment)}>
          {WORDS.setUp}
        </Button>
      </div>
    );

  return (
    <form
      className="max-w-xl space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        const field = event.currentTarget.elements.namedItem("code");
        const code = String(new FormData(event.currentTarget).get("code") ?? "");
        // A wrong code: the cursor goes back to the code, selected, to type the next one.
        void call(
          () => confirmTotpSetup({ code }),
          (data) => setCodes(data.codes),
          () => {
            if (field instanceof HTMLInputElement) requestAnimationFrame(() => field.select());
          },
        );
      }}
    >
      <p className="text-sm text-slate-700">{WORDS.scan}</p>
      <SetupQr uri={enrolment.uri} label={WORDS.qrLabel} />
      <dl className="space-y-3 text-sm">
        <div>
          <dt className="font-medium text-slate-800">{WORDS.uriLabel}</dt>
          <dd className="mt-1 rounded-lg bg-slate-50 p-3 font-mono text-xs break-all text-slate-900">
            <a href={enrolment.uri} className="text-brand-700 underline">
              {enrolment.uri}
            </a>
          </dd>
        </div>
        <div>
          <dt className="font-medium text-slate-800">{WORDS.secretLabel}</dt>
          <dd
            data-testid="totp-secret"
            className="mt-1 rounded-lg bg-slate-50 p-3 font-mono text-sm tracking-wider break-all text-slate-900"
          >
            {enrolment.secret.match(/.{1,4}/g)?.join(" ")}
          </dd>
        </div>
      </dl>
      {error ? <FormAlert>{error}</FormAlert> : null}
      <TextField label={WORDS.code} name="code" inputMode="numeric" autoComplete="one-time-code" required className="max-w-xs" />
      <Button type="submit" pending={pending}>
        {WORDS.confirm}
      </Button>
    </form>
  );
}

type Call = <T>(work: () => Promise<{ ok: true; data: T } | { ok: false; message: string }>, done: (data: T) => void) => Promise<void>;

function Manage({
  pending,
  error,
  call,
  onCodes,
  onRemoved,
}: {
  pending: boolean;
  error: string | null;
  call: Call;
  onCodes: (codes: string[]) => void;
  onRemoved: () => void;
}) {
  const regenerate = useSudoAction(regenerateCodes);
  return (
    <div className="space-y-6">
      {error ? <FormAlert>{error}</FormAlert> : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant="secondary"
          pending={pending}
          onClick={() =>
            call(
              () => regenerate({}),
              (data) => onCodes(data.codes),
            )
          }
        >
          {WORDS.regenerate}
        </Button>
        <p className="text-sm text-slate-600">{WORDS.regenerateNote}</p>
      </div>
      <form
        className="max-w-xl space-y-4 border-t border-slate-100 pt-5"
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          const password = String(data.get("password") ?? "");
          const code = String(data.get("code") ?? "");
          void call(() => removeTotpAction(password ? { password } : { code }), onRemoved);
        }}
      >
        <h3 className="text-sm font-semibold text-slate-900">{WORDS.remove}</h3>
        <p className="text-sm text-slate-600">{WORDS.removeNote}</p>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label={WORDS.removePassword} name="password" type="password" autoComplete="current-password" />
          <TextField label={WORDS.removeCode} name="code" autoComplete="one-time-code" />
        </div>
        <Button type="submit" variant="danger" pending={pending}>
          {WORDS.remove}
        </Button>
      </form>
    </div>
  );
}
