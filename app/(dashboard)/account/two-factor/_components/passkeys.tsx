"use client";

import { startRegistration } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { LocalTime } from "@/components/ui/local-time";
import { TextField } from "@/components/ui/text-field";
import { addPasskeyAction, passkeyOptions, removePasskeyAction, renamePasskeyAction } from "../actions";
import { useSudoAction } from "@/components/sudo/sudo-provider";
import { TWO_FACTOR_WORDS as WORDS } from "../words";

type Row = { id: string; name: string; createdAt: string; lastUsedAt: string | null };

/** Add (named), list, rename and remove the account's passkeys. */
export function Passkeys({ passkeys }: { passkeys: Row[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [renaming, setRenaming] = useState<string | null>(null);
  const askOptions = useSudoAction(passkeyOptions);
  const removePasskey = useSudoAction(removePasskeyAction);

  const run = async (work: () => Promise<{ ok: boolean; message?: string }>) => {
    setPending(true);
    setError(null);
    try {
      const result = await work();
      if (!result.ok) setError(result.message ?? WORDS.passkeyRefused);
      else router.refresh();
      return result.ok;
    } catch {
      setError(WORDS.passkeyRefused);
      return false;
    } finally {
      setPending(false);
    }
  };

  const add = (name: string) =>
    run(async () => {
      const options = await askOptions({});
      if (!options.ok) return options;
      const response = await startRegistration({ optionsJSON: options.data });
      return addPasskeyAction({ name, response });
    });

  return (
    <div className="space-y-5">
      {error ? <FormAlert>{error}</FormAlert> : null}
      {passkeys.length === 0 ? (
        <p className="text-sm text-slate-600">{WORDS.noPasskeys}</p>
      ) : (
        <ul aria-label={WORDS.passkeysTitle} className="divide-y divide-slate-100 rounded-lg border border-slate-200">
          {passkeys.map((passkey) => (
            <li key={passkey.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
              {renaming === passkey.id ? (
                <form
                  className="flex flex-wrap items-end gap-2"
                  onSubmit={(event) => {
                    event.preventDefault();
                    const name = String(new FormData(event.currentTarget).get("name") ?? "");
                    void run(() => renamePasskeyAction({ id: passkey.id, name })).then((ok) => ok && setRenaming(null));
                  }}
                >
                  <TextField label={WORDS.passkeyName} name="name" defaultValue={passkey.name} maxLength={60} required />
                  <Button type="submit" size="sm" pending={pending}>
                    {WORDS.save}
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => setRenaming(null)}>
                    {WORDS.cancel}
                  </Button>
                </form>
              ) : (
                <div className="min-w-0">
                  <p className="font-medium break-words text-slate-900">{passkey.name}</p>
                  <p className="text-xs text-slate-600">
                    {WORDS.created} <LocalTime iso={passkey.createdAt} /> · {WORDS.lastUsed}{" "}
                    {passkey.lastUsedAt ? <LocalTime iso={passkey.lastUsedAt} /> : WORDS.never}
                  </p>
                </div>
              )}
              {renaming === passkey.id ? null : (
                <div className="flex gap-2">
                  <Button
                    size="sm"
                    variant="secondary"
                    onClick={() => setRenaming(passkey.id)}
                    aria-label={`${WORDS.rename} ${passkey.name}`}
                  >
                    {WORDS.rename}
                  </Button>
                  <Button
                    size="sm"
                    variant="danger-ghost"
                    pending={pending}
                    onClick={() => run(() => removePasskey({ id: passkey.id }))}
                    aria-label={`${WORDS.removePasskey} ${passkey.name}`}
                  >
                    {WORDS.removePasskey}
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <form
        className="flex max-w-xl flex-wrap items-end gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          const form = event.currentTarget;
          const name = String(new FormData(form).get("name") ?? "");
          void add(name).then((ok) => ok && form.reset());
        }}
      >
        <TextField
          label={WORDS.passkeyName}
          name="name"
          placeholder={WORDS.passkeyNameHint}
          maxLength={60}
          required
          className="min-w-56 flex-1"
        />
        <Button type="submit" pending={pending}>
          {WORDS.addPasskey}
        </Button>
      </form>
    </div>
  );
}
