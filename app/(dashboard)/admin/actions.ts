"use server";

import { revalidatePath } from "next/cache";
import { activityOverview } from "@/lib/dal/activity";
import { revokeUnusedTokens, unusedTokens } from "@/lib/dal/unused-tokens";
import { userAction } from "@/lib/auth/action";
import { overviewSchema, revokeUnusedSchema, unusedTokensSchema } from "@/lib/validation/activity";
import { OVERVIEW_WORDS } from "./words";

// The admin Overview's actions. The helper checks the session and the role; the DAL checks the role again.

/** Every token's requests together over a window, refusals by reason, the most active tokens. */
export const activityOverviewAction = userAction({
  schema: overviewSchema,
  role: "ADMIN",
  async run({ user, input }) {
    return { ok: true, data: await activityOverview(user, input.window) };
  },
});

/** The tokens unused for 30 or 90 days (the first page of them, and how many in all). */
export const unusedTokensAction = userAction({
  schema: unusedTokensSchema,
  role: "ADMIN",
  async run({ user, input }) {
    return { ok: true, data: await unusedTokens(user, input.days) };
  },
});

/** Revokes the chosen unused tokens, each audited as an admin's revoke, each owner told. */
export const revokeUnusedTokensAction = userAction({
  schema: revokeUnusedSchema,
  role: "ADMIN",
  sudo: true,
  onInvalid: () => ({ ok: false, message: OVERVIEW_WORDS.noneChosen }),
  async run({ user, input, meta }) {
    const revoked = await revokeUnusedTokens(user, input.ids, input.days, { meta });
    revalidatePath("/admin");
    revalidatePath("/admin/tokens");
    revalidatePath("/api-tokens");
    return { ok: true, data: { revoked } };
  },
});
