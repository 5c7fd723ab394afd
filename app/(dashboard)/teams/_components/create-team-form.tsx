"use client";

import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { TextField } from "@/components/ui/text-field";
import type { CreateTeamInput } from "@/lib/validation/teams";
import { createTeamAction } from "../actions";
import { TEAMS_WORDS } from "../words";

const loadSchema = () => import("@/lib/validation/teams").then((m) => m.createTeamSchema);

/** A team's name; the new team's page opens once it is made. */
export function CreateTeamForm() {
  const { form, field, pending, formError, formProps } = useActionForm<CreateTeamInput, { id: string; name: string }>({
    action: createTeamAction,
    schema: loadSchema,
    defaultValues: { name: "" },
  });
  const { errors } = form.formState;
  return (
    <form {...formProps} className="flex max-w-xl flex-col gap-3 sm:flex-row sm:items-start">
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      <TextField
        label={TEAMS_WORDS.teamName}
        hint={TEAMS_WORDS.teamNameHint}
        maxLength={200}
        autoComplete="off"
        className="flex-1"
        error={errors.name?.message}
        {...field("name")}
      />
      <Button type="submit" pending={pending} className="sm:mt-7">
        {TEAMS_WORDS.createTeam}
      </Button>
    </form>
  );
}
