"use client";

import Link from "next/link";
import { useActionForm } from "@/components/forms/use-action-form";
import { TextField } from "@/components/ui/text-field";
import type { SecondFactorCodeInput } from "@/lib/validation/two-factor";
import { AuthForm } from "../../../_components/auth-form";
import { secondFactorAction } from "../../actions";
import { TWO_FACTOR_LOGIN_WORDS as WORDS } from "../words";
import { PasskeySecondFactor } from "./passkey-second-factor";

const loadSchema = () => import("@/lib/validation/two-factor").then((m) => m.secondFactorCodeSchema);

export function SecondFactorForm({ codes, passkeys }: { codes: boolean; passkeys: boolean }) {
  if (!codes) return <PasskeyOnly />;
  return <CodeForm passkeys={passkeys} />;
}

// Recovery codes come with the authenticator app: with passkeys only, the passkey is the way.
function PasskeyOnly() {
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">{WORDS.title}</h1>
      <p className="mt-1 text-sm text-slate-600">{WORDS.passkeyOnly}</p>
      <div className="mt-6">
        <PasskeySecondFactor alone />
      </div>
      <p className="mt-6 text-center text-sm text-slate-600">
        <Link href="/login" className="font-medium text-brand-600 hover:underline">
          {WORDS.back}
        </Link>
      </p>
    </>
  );
}

function CodeForm({ passkeys }: { passkeys: boolean }) {
  const { form, field, pending, formError, formProps } = useActionForm<SecondFactorCodeInput>({
    action: secondFactorAction,
    schema: loadSchema,
    defaultValues: { code: "" },
  });
  const { errors } = form.formState;
  return (
    <AuthForm
      title={WORDS.title}
      subtitle={WORDS.subtitle}
      formProps={formProps}
      error={formError}
      lead={passkeys ? <PasskeySecondFactor alone={false} /> : null}
      submitLabel={WORDS.submit}
      pending={pending}
      footer={
        <Link href="/login" className="font-medium text-brand-600 hover:underline">
          {WORDS.back}
        </Link>
      }
    >
      <TextField
        label={WORDS.code}
        autoComplete="one-time-code"
        inputMode="text"
        autoFocus
        error={errors.code?.message}
        {...field("code")}
      />
    </AuthForm>
  );
}
