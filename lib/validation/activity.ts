import { z } from "zod";
import { isOutcome, isUsageWindow, type Outcome, type UsageWindow } from "@/lib/activity";
import { tokenIdSchema } from "@/lib/validation/api-token";

// What the Activity panel and the admin Overview ask the server: a token, a window, a page of
// its log. Anyone can post anything to an action: each value is checked against the vocabulary.

const window = z.custom<UsageWindow>(isUsageWindow);
const outcome = z.custom<Outcome>(isOutcome);
// A cursor is the log's own (a time and an id); anything longer is not one.
const cursor = z
  .string()
  .min(1)
  .max(200)
  .refine((value) => !value.includes("\u0000"));

export const tokenUsageSchema = tokenIdSchema.extend({ window });

export const tokenRequestsSchema = tokenIdSchema.extend({ outcome: outcome.optional(), cursor: cursor.optional() });

export const overviewSchema = z.object({ window });

export { UNUSED_DAYS, type UnusedDays } from "@/lib/activity";
const days = z.union([z.literal(30), z.literal(90)]);

export const unusedTokensSchema = z.object({ days });

/** The tokens an admin chose to revoke from the list (at most a page of it). */
export const revokeUnusedSchema = z.object({ days, ids: z.array(tokenIdSchema.shape.id).min(1).max(100) });
