"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { startTransition, useActionState, useEffect, useMemo } from "react";
import { useForm, type DefaultValues, type FieldErrors, type FieldValues, type Path, type Resolver } from "react-hook-form";
import type { z } from "zod";
import type { FormState } from "@/lib/model";

type Options<TValues extends FieldValues, T> = {
  /** The form's server action, built with formAction() (lib/auth/action.ts). */
  action: (state: FormState<T>, formData: FormData) => Promise<FormState<T>>;
  /**
   * The form's zod schema, loaded when the form first needs it (zod is about 44 KB of
   * JavaScript, gzipped): `() => import("@/lib/validation/auth").then((m) => m.loginSchema)`.
   * The page is usable before it arrives: the browser posts the form, the server validates.
   */
  schema: () => Promise<z.ZodType<unknown, TValues>>;
  defaultValues: DefaultValues<TValues>;
};

/**
 * A form that posts to a server action and validates with its zod schema first. Before the
 * page's JavaScript has loaded (or without it) the browser posts the form itself, and the
 * server answers with the same state; once hydrated, react-hook-form checks the fields in the
 * browser and only a valid form is sent. Errors from the server land beside their fields.
 */
export function useActionForm<TValues extends FieldValues, T = undefined>({ action, schema, defaultValues }: Options<TValues, T>) {
  const [state, submit, pending] = useActionState<FormState<T>, FormData>(action, null);
  // One object per answer: react-hook-form applies (and focuses) `errors` whenever its identity
  // changes, so a new object on every render kept pulling the cursor back into the field.
  const serverErrors = useMemo(
    () =>
      state && !state.ok && state.fieldErrors
        ? (Object.fromEntries(
            Object.entries(state.fieldErrors).flatMap(([name, messages]) =>
              messages?.[0] ? [[name, { type: "server", message: messages[0] }]] : [],
            ),
          ) as FieldErrors<TValues>)
        : undefined,
    [state],
  );
  const values = { ...defaultValues, ...(state?.values as DefaultValues<TValues> | undefined) };
  const resolver = useMemo(() => lazyResolver(schema), [schema]);
  // Fetched once the page is idle, so the first check does not wait for it.
  useEffect(() => void resolver.preload(), [resolver]);
  const form = useForm<TValues>({
    resolver,
    defaultValues: values,
    errors: serverErrors,
  });
  /** An input's props: registered with the form, with its value in the server-rendered HTML too (no JavaScript needed). */
  const field = (name: Path<TValues>) => ({ ...form.register(name), defaultValue: (values as Record<string, string | undefined>)[name] });
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget;
    void form.handleSubmit(() => startTransition(() => submit(new FormData(element))))(event);
  };
  return {
    form,
    field,
    state,
    pending,
    /** A message for the whole form, when the server refused it without naming a field. */
    formError: state && !state.ok && !state.fieldErrors ? state.message : null,
    formProps: { action: submit, onSubmit, noValidate: true },
  };
}

/** zodResolver around a schema that is imported on first use. */
function lazyResolver<TValues extends FieldValues>(load: () => Promise<z.ZodType<unknown, TValues>>) {
  let loading: Promise<Resolver<TValues>> | undefined;
  const preload = () => (loading ??= load().then((schema) => zodResolver(schema as never) as unknown as Resolver<TValues>));
  const resolver: Resolver<TValues> = async (values, context, options) => (await preload())(values, context, options);
  return Object.assign(resolver, { preload });
}
