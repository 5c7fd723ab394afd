"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { SESSION_ENDED, type ActionResult } from "@/lib/action-result";
import { NotAuthorized, revokeTokenAsAdmin } from "@/lib/dal/admin";
import { requestMeta } from "@/lib/request-context";
import { getCurrentUser } from "@/lib/session";
import { revokeTokenSchema } from "@/lib/validation/admin";

const REFUSED = "This needs an admin.";

/** Revoke any user's token. Checks the session and the role itself; the DAL checks the role again. */
export async function revokeTokenAction(input: unknown): Promise<ActionResult<{ name: string; ownerEmail: string }>> {
  const user = await getCurrentUser();
  if (!user) return { ok: false, message: SESSION_ENDED };
  if (user.role !== "ADMIN") return { ok: false, message: REFUSED };

  const parsed = revokeTokenSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: "That token was not found." };

  try {
    const revoked = await revokeTokenAsAdmin(user, parsed.data.id, { meta: requestMeta(await headers()) });
    if (!revoked) return { ok: false, message: "That token was not found. It may have been deleted already." };
    revalidatePath("/admin/tokens");
    revalidatePath("/api-tokens");
    return { ok: true, data: revoked };
  } catch (error) {
    if (error instanceof NotAuthorized) return { ok: false, message: REFUSED };
    throw error;
  }
}
