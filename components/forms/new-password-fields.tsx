import { TextField } from "@/components/ui/text-field";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/model";

type Field = (name: "newPassword" | "confirmPassword") => React.InputHTMLAttributes<HTMLInputElement> & { name: string };

/** A new password, typed twice (Change password, a reset link's page): one wording, one hint. */
export function NewPasswordFields({
  field,
  errors,
}: {
  field: Field;
  errors: { newPassword?: { message?: string }; confirmPassword?: { message?: string } };
}) {
  return (
    <>
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={`${PASSWORD_MIN} to ${PASSWORD_MAX} characters. A passphrase works well.`}
        error={errors.newPassword?.message}
        {...field("newPassword")}
      />
      <TextField
        label="New password, again"
        type="password"
        autoComplete="new-password"
        error={errors.confirmPassword?.message}
        {...field("confirmPassword")}
      />
    </>
  );
}
