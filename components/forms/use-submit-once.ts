"use client";

import { useRef, useState } from "react";
import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import { MESSAGES, type ActionResult } from "@/lib/model";

/**
 * The submit of a drawer's form (Create API Key, Edit): react-hook-form validates with the
 * form's zod schema; the server action is sent what was typed (it validates it again with the
 * same schema), once at a time (a second Enter or click while one runs sends nothing); the
 * server's field errors land beside their fields, the first focused, and any other refusal in
 * the form's alert.
 */
export function useSubmitOnce<TInput extends FieldValues, TOutput, R>({
  form,
  fields,
  send,
  onDone,
  noAnswer = MESSAGES.noAnswer,
}: {
  form: UseFormReturn<TInput, unknown, TOutput>;
  /** The fields the server may name, in the order they appear. */
  fields: ReadonlyArray<Path<TInput>>;
  send: (input: TInput) => Promise<ActionResult<R>>;
  onDone: (data: R) => void;
  /** What to say when the server did not answer. */
  noAnswer?: string;
}) {
  const [formError, setFormError] = useState<string | null>(null);
  const inFlight = useRef(false);

  const submit = form.handleSubmit(async () => {
    setFormError(null);
    const result = await send(form.getValues()).catch((): ActionResult<R> => ({ ok: false, message: noAnswer }));
    if (result.ok) {
      onDone(result.data);
      return;
    }
    const named = fields.filter((field) => result.fieldErrors?.[field]?.[0]);
    for (const field of named) form.setError(field, { message: result.fieldErrors![field]![0]! }, { shouldFocus: field === named[0] });
    if (named.length === 0) setFormError(result.message);
  });

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (inFlight.current) return;
    inFlight.current = true;
    void submit(event).finally(() => {
      inFlight.current = false;
    });
  };

  return { formError, onSubmit };
}
