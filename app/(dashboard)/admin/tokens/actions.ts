"use server";

import { revalidatePath } from "next/cache";
import { tokenDetailsForAdmin } from "@/lib/dal/token-details";
import { revokeTokenAsAdmin } from "@/lib/dal/tokens";
import { MESSAGES } from "@/lib/model";
import { userAction } from "@/lib/auth/action";
import { tokenIdSchema } from "@/lib/validation/api-token";

/** Revoke any user's token. The helper checks the session and the role; the DAL checks the role again. */
export const revokeTokenAction = userAction({
  schema: tokenIdSchema,
  role: "ADMIN",
  onInvalid: () => ({ ok: false, message: MESSAGES.tokenNotFound }),
  async run({ user, input, meta }) {
    const revoked = await revokeTokenAsAdmin(user, input.id, { meta });
    if (!revoked) return { ok: false, message: MESSAGES.tokenNotFound };
    revalidatePath("/admin/tokens");
    revalidatePath("/api-tokens");
    return { ok: true, data: revoked };
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
