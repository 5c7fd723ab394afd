import { z } from "zod";

/** What every server action returns: data on success, or errors a form can show beside its fields. */
export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; message: string; fieldErrors?: Record<string, string[] | undefined> };

export const SESSION_ENDED = "Your session has ended. Log in again to continue.";

export function invalidInput(error: z.ZodError): ActionResult<never> {
  return {
    ok: false,
    message: "Check the highlighted fields.",
    fieldErrors: z.flattenError(error).fieldErrors as Record<string, string[] | undefined>,
  };
}
