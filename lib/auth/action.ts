import "server-only";
import { headers } from "next/headers";
import { z } from "zod";
import { NotAuthorized, type Actor, type SessionUser } from "@/lib/dal/access";
import type { RequestMeta } from "@/lib/server/request-context";
import { MESSAGES, type ActionResult, type FormState } from "@/lib/model";
import type { Role } from "@/lib/scopes";
import { temporaryFailure } from "@/lib/server/busy";
import { countDatabaseError } from "@/lib/server/metrics.mjs";
import { requestMeta } from "@/lib/server/request-context";
import { getCurrentUser, needsTwoFactorSetup } from "@/lib/auth/session";
import { inSudoMode, sudoRequired } from "@/lib/auth/sudo";
import { teamIdValue } from "@/lib/validation/teams";

// Server actions are public endpoints: anyone can POST any body to one. So every action is built
// here, to run the same steps in the same order: session and role, the schema, then the work.

type Invalid = ActionResult<never>;

export function invalidInput(error: z.ZodError): Invalid {
  return {
    ok: false,
    message: MESSAGES.checkFields,
    fieldErrors: z.flattenError(error).fieldErrors as Record<string, string[] | undefined>,
  };
}

type Common<S extends z.ZodType> = {
  schema: S;
  onInvalid?: (error: z.ZodError) => Invalid;
};

type Context<S extends z.ZodType> = { input: z.output<S>; meta: RequestMeta };

export function publicAction<S extends z.ZodType, T>(
  options: Common<S> & { run: (context: Context<S>) => Promise<ActionResult<T>> },
): (input: unknown) => Promise<ActionResult<T>> {
  return async (input) => {
    const parsed = options.schema.safeParse(input);
    if (!parsed.success) return (options.onInvalid ?? invalidInput)(parsed.error);
    try {
      return await options.run({ input: parsed.data, meta: requestMeta(await headers()) });
    } catch (error) {
      const temporary = temporaryFailure(error);
      if (temporary) {
        countDatabaseError(temporary.kind);
        return { ok: false, message: MESSAGES.busy };
      }
      throw error;
    }
  };
}

function formInput(formData: FormData): Record<string, string> {
  return Object.fromEntries(
    [...formData.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string" && !entry[0].startsWith("$ACTION")),
  );
}

// For useActionState; `keep`: the fields put back into the form on failure.
export function formAction<T>(action: (input: unknown) => Promise<ActionResult<T>>, keep: string[] = []) {
  return async (_state: FormState<T>, formData: FormData): Promise<FormState<T>> => {
    // Anyone can post anything here: only a form is a form.
    if (!(formData instanceof FormData)) return { ok: false, message: MESSAGES.unreadableForm };
    const input = formInput(formData);
    const result = await action(input);
    return result.ok ? result : { ...result, values: Object.fromEntries(keep.map((name) => [name, input[name] ?? ""])) };
  };
}

/**
 * The context a token action acts in, sent beside its input: a team's id, or none (the person's
 * own tokens). Only a claim: the DAL's where clause checks the membership, in the statement.
 */
const teamIdSchema = teamIdValue.optional();

function splitTeam(input: unknown): { teamId: string | undefined; rest: unknown } | null {
  if (typeof input !== "object" || input === null || !("teamId" in input)) return { teamId: undefined, rest: input };
  const { teamId, ...rest } = input as Record<string, unknown>;
  const parsed = teamIdSchema.safeParse(teamId === "" ? undefined : teamId);
  return parsed.success ? { teamId: parsed.data, rest } : null;
}

export function userAction<S extends z.ZodType, T>(
  options: Common<S> & {
    role?: Extract<Role, "ADMIN">;
    /** For the actions someone signed in with a temporary password may use (changing it, logging out). */
    passwordChange?: "allowed";
    /** For the actions that set up a second factor (and logging out), open while policy "require two-factor" waits for one. */
    twoFactorSetup?: "allowed";
    /** A token action: its input may carry `teamId`, the team whose tokens it acts on (`actor`). */
    inContext?: true;
    /**
     * Sudo mode (lib/auth/sudo.ts): the action runs only within SUDO_MODE_MINUTES of an
     * authentication; `true` always, a function for an action that needs it only for some
     * inputs (widening allowed IPs). Checked after the input, so a bad input is still a 4xx.
     */
    sudo?: true | ((context: Context<S> & { user: SessionUser; actor: Actor }) => Promise<boolean>);
    run: (context: Context<S> & { user: SessionUser; actor: Actor }) => Promise<ActionResult<T>>;
  },
): (input: unknown) => Promise<ActionResult<T>> {
  return async (input) => {
    const user = await getCurrentUser();
    if (!user) return { ok: false, message: MESSAGES.sessionEnded };
    if (user.mustChangePassword && options.passwordChange !== "allowed") return { ok: false, message: MESSAGES.passwordChangeRequired };
    if (!user.mustChangePassword && options.twoFactorSetup !== "allowed" && (await needsTwoFactorSetup(user.id)))
      return { ok: false, message: MESSAGES.twoFactorRequired };
    if (options.role && user.role !== options.role) return { ok: false, message: MESSAGES.adminOnly };
    const split = options.inContext ? splitTeam(input) : { teamId: undefined, rest: input };
    if (!split) return { ok: false, message: MESSAGES.teamNotFound };
    const parsed = options.schema.safeParse(split.rest);
    if (!parsed.success) return (options.onInvalid ?? invalidInput)(parsed.error);
    const actor: Actor = { ...user, team: split.teamId ? { id: split.teamId, via: "membership" } : null };
    try {
      const context = { user, actor, input: parsed.data, meta: requestMeta(await headers()) };
      const needsSudo = options.sudo === true || (options.sudo ? await options.sudo(context) : false);
      if (needsSudo && !(await inSudoMode())) return sudoRequired();
      return await options.run(context);
    } catch (error) {
      // The DAL checks the role again, whatever called it.
      if (error instanceof NotAuthorized) return { ok: false, message: MESSAGES.adminOnly };
      const temporary = temporaryFailure(error);
      if (temporary) {
        countDatabaseError(temporary.kind);
        return { ok: false, message: MESSAGES.busy };
      }
      throw error;
    }
  };
}
