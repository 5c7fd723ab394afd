"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useMemo, useRef, useState, type RefObject } from "react";
import { useForm } from "react-hook-form";
import { useSubmitOnce } from "@/components/forms/use-submit-once";
import { useCloseGuard } from "@/components/ui/close-guard";
import { Drawer } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import type { ExpiryPolicy } from "@/lib/model";
import type { Catalogue } from "@/lib/permissions";
import type { Template } from "@/lib/token-template";
import { createTokenSchema, type CreateTokenInput, type CreateTokenValues } from "@/lib/validation/api-token";
import { createTokenAction } from "../actions";
import { useSudoAction } from "@/components/sudo/sudo-provider";
import { CREATE_WORDS, TEMPLATE_WORDS, UNCOPIED_SECRET, UNSAVED_FORM } from "../words";
import { CopyTemplateLink } from "./copy-template-link";
import { ExpirationField } from "./expiration-field";
import { formStart } from "./form-template";
import { LimitsFields, useRateLimitMax } from "./limits-fields";
import { ScopeField } from "./scope-field";
import { DescriptionAndAllowedIps, DrawerForm, NameField } from "./token-fields";
import { TokenReveal, type RevealedToken } from "./token-reveal";
import { useInContext } from "./team-context";

type DrawerProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  policy: ExpiryPolicy;
  /** The resources a Custom token may name: the server's, as props. */
  catalogue: Catalogue;
  /** A template link's values (/api-tokens/new?…): the form starts from them, and says what the link got wrong. */
  template?: Template | null;
  /** After Done: the new token's id, to mark its row in the listing. */
  onCreated?: (id: string) => void;
};

/** The drawer and its form: loaded on demand, so that zod and react-hook-form stay out of the listing's first load. */
export function CreateTokenDrawer({ open, onOpenChange, policy, catalogue, template = null, onCreated }: DrawerProps) {
  // The secret lives only in this state: closing the drawer drops it.
  const [revealed, setRevealed] = useState<RevealedToken | null>(null);
  const [copied, setCopied] = useState(false);
  // Whether the form differs from how it opened, read when a close is asked for (not mirrored
  // into state by an effect, which a quick Escape after a change could outrun).
  const formDirty = useRef<() => boolean>(() => false);
  // A template fills the first form only: a form opened again later starts empty.
  const [start, setStart] = useState(template);

  const close = () => {
    onOpenChange(false);
    if (revealed) onCreated?.(revealed.id);
    setRevealed(null);
    setCopied(false);
    setStart(null);
  };
  // A stray Escape or click outside must not lose the one view of the secret, or a half-filled form.
  const guard = useCloseGuard(() => (revealed ? (copied ? null : UNCOPIED_SECRET) : formDirty.current() ? UNSAVED_FORM : null), close);

  return (
    <>
      <Drawer
        open={open}
        onOpenChange={(next) => (next ? onOpenChange(true) : guard.requestClose())}
        title={CREATE_WORDS.title}
        description={revealed ? CREATE_WORDS.revealedDescription : CREATE_WORDS.description}
      >
        {revealed ? (
          <TokenReveal token={revealed} onCopied={() => setCopied(true)} onDone={guard.requestClose} />
        ) : (
          <CreateTokenForm
            policy={policy}
            catalogue={catalogue}
            template={start}
            onCreated={setRevealed}
            dirtyRef={formDirty}
            onCancel={guard.requestClose}
          />
        )}
      </Drawer>
      {guard.dialog}
    </>
  );
}

function CreateTokenForm({
  policy,
  catalogue,
  template,
  onCreated,
  dirtyRef,
  onCancel,
}: {
  policy: ExpiryPolicy;
  catalogue: Catalogue;
  template: Template | null;
  onCreated: (token: RevealedToken) => void;
  dirtyRef: RefObject<() => boolean>;
  onCancel: () => void;
}) {
  const inContext = useInContext();
  const rateLimitMax = useRateLimitMax();
  const schema = useMemo(() => createTokenSchema(policy, Date.now, catalogue, rateLimitMax), [policy, catalogue, rateLimitMax]);
  // Read once, as the form mounts: what it starts from is what "changed" is measured against.
  const [{ values, problems }] = useState(() => formStart(policy, template));
  const form = useForm<CreateTokenInput, unknown, CreateTokenValues>({ resolver: zodResolver(schema), defaultValues: values });
  // Reading isDirty here subscribes to it: react-hook-form then keeps it current as each field
  // changes, and the drawer reads it at the moment a close is asked for.
  const { errors, isSubmitting, isDirty: _subscribed } = form.formState;
  useEffect(() => {
    dirtyRef.current = () => form.formState.isDirty;
    return () => {
      dirtyRef.current = () => false;
    };
  }, [dirtyRef, form]);
  // What a template link filled in is judged as the drawer opens, not only at Add New API.
  useEffect(() => {
    const filled = (["allowedIps", "expiresOn"] as const).filter((field) => values[field]);
    if (filled.length) void form.trigger(filled);
  }, [form, values]);

  const create = useSudoAction(createTokenAction);
  const { formError, onSubmit } = useSubmitOnce({
    form,
    fields: ["name", "scope", "permissions", "expiration", "expiresOn", "description", "allowedIps", "rateLimitPerMinute", "quota"],
    send: (input) => create(inContext(input)),
    onDone: ({ token, secret }) =>
      onCreated({
        id: token.id,
        name: token.name,
        scope: token.scope,
        permissions: token.permissions,
        secret,
        pending: token.status === "pending",
      }),
    noAnswer: CREATE_WORDS.noAnswer,
  });

  return (
    <DrawerForm onSubmit={onSubmit} formError={formError} submitLabel={CREATE_WORDS.submit} pending={isSubmitting} onCancel={onCancel}>
      {problems.length > 0 ? (
        <FormAlert>
          <span className="block font-medium">{TEMPLATE_WORDS.problems}</span>
          {problems.map((problem) => (
            <span key={problem} className="mt-1 block wrap-anywhere">
              {problem}
            </span>
          ))}
        </FormAlert>
      ) : null}
      <NameField registration={form.register("name")} error={errors.name?.message} />
      <ScopeField form={form} catalogue={catalogue} />
      <ExpirationField form={form} policy={policy} />
      <DescriptionAndAllowedIps
        description={form.register("description")}
        allowedIps={form.register("allowedIps")}
        errors={{ description: errors.description?.message, allowedIps: errors.allowedIps?.message }}
        requiredForWrite={policy.allowedIpsForWrite}
      />
      <LimitsFields
        rateLimit={form.register("rateLimitPerMinute")}
        quota={form.register("quota")}
        errors={{ rateLimit: errors.rateLimitPerMinute?.message, quota: errors.quota?.message }}
      />
      <CopyTemplateLink form={form} />
    </DrawerForm>
  );
}
