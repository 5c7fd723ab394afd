"use server";

import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/auth/action";
import { approveToken, denyToken } from "@/lib/dal/approvals";
import { approveTokenSchema, denyTokenSchema } from "@/lib/validation/approvals";
import { APPROVAL_WORDS } from "./words";

// Admins only: the helper checks the session and the role, and the DAL checks the role again.

export const approveTokenAction = userAction({
  schema: approveTokenSchema,
  role: "ADMIN",
  sudo: true,
  onInvalid: () => ({ ok: false, message: APPROVAL_WORDS.gone }),
  async run({ user, input, meta }) {
    const result = await approveToken(user, input.id, { meta: { ...meta, at: new Date() } });
    if (!result.ok) return { ok: false, message: APPROVAL_WORDS.gone };
    revalidatePath("/admin/approvals");
    return { ok: true, data: { name: result.name } };
  },
});

export const denyTokenAction = userAction({
  schema: denyTokenSchema,
  role: "ADMIN",
  async run({ user, input, meta }) {
    const result = await denyToken(user, input.id, input.reason, { meta: { ...meta, at: new Date() } });
    if (!result.ok) return { ok: false, message: APPROVAL_WORDS.gone };
    revalidatePath("/admin/approvals");
    return { ok: true, data: { name: result.name } };
  },
});
