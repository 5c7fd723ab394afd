"use server";

import { revalidatePath } from "next/cache";
import { tokenRequestsForAdmin, tokenUsageForAdmin } from "@/lib/dal/activity";
import { tokenDetailsForAdmin } from "@/lib/dal/token-details";
import { revokeTokenAsAdmin } from "@/lib/dal/tokens";
import { MESSAGES } from "@/lib/model";
import { userAction } from "@/lib/auth/action";
import { tokenIdSchema, tokenStateSchema } from "@/lib/validation/api-token";
import { disableTokenAsAdmin, enableTokenAsAdmin } from "@/lib/dal/token-states";
import { STATE_MESSAGES } from "@/lib/token-state-messages";
import { tokenRequestsSchema, tokenUsageSchema } from "@/lib/validation/activity";

/** Revoke any user's token. The helper checks the session and the role; the DAL checks the role again. */
export const revokeTokenAction = userAction({
  schema: tokenIdSchema,
  role: "ADMIN",
  sudo: true,
  onInvalid: () => ({ ok: false, message: MESSAGES.tokenNotFound }),
  async run({ user, input, meta }) {
    const revoked = await revokeTokenAsAdmin(user, input.id, { meta });
    if (!revoked) return { ok: false, message: MESSAGES.tokenNotFound };
    revalidatePath("/admin/tokens");
    revalidatePath("/api-tokens");
    return { ok: true, data: revoked };
  },
});

/** Disable or Enable any user's token; the owner sees the state in their listing and is emailed of a Disable (if mail is set up). */
export const adminTokenStateAction = userAction({
  schema: tokenStateSchema,
  role: "ADMIN",
  // Enabling gives access back: sudo mode. Disabling only takes it away.
  sudo: async ({ input }) => input.to !== "disabled",
  onInvalid: () => ({ ok: false, message: MESSAGES.tokenNotFound }),
  async run({ user, input, meta }) {
    const context = { meta: { ...meta, at: new Date() } };
    const result =
      input.to === "disabled" ? await disableTokenAsAdmin(user, input.id, context) : await enableTokenAsAdmin(user, input.id, context);
    if (!result.ok) return { ok: false, message: STATE_MESSAGES[result.reason] };
    revalidatePath("/admin/tokens");
    revalidatePath("/api-tokens");
    return { ok: true, data: { name: result.token.name, to: input.to } };
  },
});

/** Any user's token in full, for an admin: the details panel (read-only: only its owner edits it). */
export const adminTokenDetailsAction = userAction({
  schema: tokenIdSchema,
  role: "ADMIN",
  onInvalid: () => ({ ok: false, message: MESSAGES.tokenNotFound }),
  async run({ user, input }) {
    const details = await tokenDetailsForAdmin(user, input.id);
    return details ? { ok: true, data: details } : { ok: false, message: MESSAGES.tokenNotFound };
  },
});

/** Any token's Activity, for an admin (its details panel). */
export const adminTokenUsageAction = userAction({
  schema: tokenUsageSchema,
  role: "ADMIN",
  onInvalid: () => ({ ok: false, message: MESSAGES.tokenNotFound }),
  async run({ user, input }) {
    const usage = await tokenUsageForAdmin(user, input.id, input.window);
    return usage ? { ok: true, data: usage } : { ok: false, message: MESSAGES.tokenNotFound };
  },
});

/** A page of any token's request log, for an admin. */
export const adminTokenRequestsAction = userAction({
  schema: tokenRequestsSchema,
  role: "ADMIN",
  onInvalid: () => ({ ok: false, message: MESSAGES.tokenNotFound }),
  async run({ user, input }) {
    const page = await tokenRequestsForAdmin(user, input.id, { outcome: input.outcome, cursor: input.cursor });
    return page ? { ok: true, data: page } : { ok: false, message: MESSAGES.tokenNotFound };
  },
});
