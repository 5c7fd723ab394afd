"use client";

import { useEffect } from "react";
import { NewPasswordFields } from "@/components/forms/new-password-fields";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { TextField } from "@/components/ui/text-field";
import type { ChangePasswordInput } from "@/lib/validation/auth";
import { changePasswordAction } from "../actions";
import { ACCOUNT_WORDS } from "../words";

const loadChangePasswordSchema = () => import("@/lib/validation/auth").then((m) => m.changePasswordSchema);

export function ChangePasswordForm() {
  const { form, field, state, pending, formError, formProps } = useActionForm<ChangePasswordInput>({
    action: changePasswordAction,
    schema: loadChangePasswordSchema,
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
  });
  const { errors } = form.formState;
  // Passwords never stay in the fields once the server has answered.
  useEffect(() => {
    if (state) form.reset({ currentPassword: "", newPassword: "", confirmPassword: "" }, { keepErrors: true });
  }, [state, form]);

  return (
    <form {...formProps} className="max-w-md space-y-4">
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      {state?.ok ? (
        <p role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2.5 text-sm text-emerald-900">
          {ACCOUNT_WORDS.changed}
        </p>
      ) : null}
      <TextField
        label={ACCOUNT_WORDS.currentPassword}
        type="password"
        autoComplete="current-password"
        error={errors.currentPassword?.message}
        {...field("currentPassword")}
      />
      <NewPasswordFields field={field} errors={errors} />
      <Button type="submit" pending={pending}>
        {ACCOUNT_WORDS.changePassword}
      </Button>
    </form>
  );
}
