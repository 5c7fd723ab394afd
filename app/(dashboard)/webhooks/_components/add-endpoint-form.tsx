"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { useSudoAction } from "@/components/sudo/sudo-provider";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { TextField } from "@/components/ui/text-field";
import { MESSAGES } from "@/lib/model";
import { EVENT_LABELS, eventsFor, WEBHOOK_FORMATS } from "@/lib/webhook-events";
import { kindOfOwner, webhookFormSchema, type WebhookFormInput, type WebhookFormValues } from "@/lib/validation/webhooks";
import { createWebhookAction } from "../actions";
import { WEBHOOK_WORDS } from "../words";
import { SecretReveal } from "./secret-reveal";

const FIELDS = ["owner", "url", "description", "events", "format"] as const;

/** Add endpoint: whose events, where, which, in what format; validated with the action's own schema. */
export function AddEndpointForm({ owners, allowPrivate }: { owners: Array<{ value: string; label: string }>; allowPrivate: boolean }) {
  const router = useRouter();
  const create = useSudoAction(createWebhookAction);
  const [secret, setSecret] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const initial: WebhookFormInput = { owner: owners[0]!.value, url: "", description: "", events: ["*"], format: "standard" };
  const form = useForm<WebhookFormInput, unknown, WebhookFormValues>({ resolver: zodResolver(webhookFormSchema), defaultValues: initial });
  const { errors, isSubmitting } = form.formState;
  const owner = useWatch({ control: form.control, name: "owner" });
  const events = eventsFor(kindOfOwner(owner ?? "user"));

  // Every event, or a choice of events: ticking one clears the other.
  const oneOrTheOther = (event: React.ChangeEvent<HTMLInputElement>) => {
    if (!event.target.checked) return;
    const chosen = form.getValues("events") ?? [];
    if (event.target.value === "*") form.setValue("events", ["*"]);
    else if (chosen.includes("*"))
      form.setValue(
        "events",
        chosen.filter((value) => value !== "*"),
      );
  };

  const submit = form.handleSubmit(async (values) => {
    setFormError(null);
    const result = await create(values).catch((): Awaited<ReturnType<typeof create>> => ({ ok: false, message: MESSAGES.noAnswer }));
    if (result.ok) {
      setSecret(result.data.secret);
      form.reset({ ...initial, owner: values.owner });
      router.refresh();
      return;
    }
    const named = FIELDS.filter((field) => result.fieldErrors?.[field]?.[0]);
    for (const field of named) form.setError(field, { message: result.fieldErrors![field]![0]! }, { shouldFocus: field === named[0] });
    if (named.length === 0) setFormError(result.message);
  });

  if (secret) return <SecretReveal secret={secret} message={WEBHOOK_WORDS.added} onDone={() => setSecret(null)} />;

  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label={WEBHOOK_WORDS.addTitle}>
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="webhook-owner" className="block text-sm font-medium text-slate-800">
            {WEBHOOK_WORDS.owner}
          </label>
          <select
            id="webhook-owner"
            className="mt-1.5 block h-10 w-full rounded-lg border border-slate-300 bg-white px-3 text-sm text-slate-900 shadow-sm"
            {...form.register("owner", { onChange: () => form.setValue("events", ["*"]) })}
          >
            {owners.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="webhook-format" className="block text-sm font-medium text-slate-800">
            {WEBHOOK_WORDS.format}
          </label>
          <select
            id="webhook-format"
            className="mt-1.5 block h-10 w-full rounded-lg border border-slate-300 bg-white px-3 text-sm text-slate-900 shadow-sm"
            {...form.register("format")}
          >
            {WEBHOOK_FORMATS.map((format) => (
              <option key={format} value={format}>
                {WEBHOOK_WORDS.formats[format]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <TextField
        label={WEBHOOK_WORDS.url}
        type="url"
        inputMode="url"
        placeholder="https://hooks.example.com/tokens"
        hint={allowPrivate ? WEBHOOK_WORDS.urlHintPrivateAllowed : WEBHOOK_WORDS.urlHint}
        error={errors.url?.message}
        {...form.register("url")}
      />
      <TextField label={WEBHOOK_WORDS.descriptionLabel} optional error={errors.description?.message} {...form.register("description")} />
      <fieldset aria-describedby={errors.events ? "webhook-events-error" : undefined}>
        <legend className="text-sm font-medium text-slate-800">{WEBHOOK_WORDS.events}</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {["*", ...events].map((event) => (
            <label key={event} className="flex items-start gap-2 text-sm text-slate-700">
              <input
                type="checkbox"
                value={event}
                className="mt-0.5 size-4 shrink-0"
                {...form.register("events", { onChange: oneOrTheOther })}
              />
              <span>
                <span className="font-mono text-xs text-slate-900">{event === "*" ? WEBHOOK_WORDS.allEvents : event}</span>
                {event !== "*" ? <span className="block text-xs text-slate-500">{EVENT_LABELS[event]}</span> : null}
              </span>
            </label>
          ))}
        </div>
        {errors.events ? (
          <p id="webhook-events-error" className="mt-1.5 text-sm text-red-600">
            {errors.events.message ?? errors.events.root?.message}
          </p>
        ) : null}
      </fieldset>
      <Button type="submit" pending={isSubmitting}>
        {WEBHOOK_WORDS.add}
      </Button>
    </form>
  );
}
