"use server";

import { revalidatePath } from "next/cache";
import { disableAccount, enableAccount, handOverTeamToken, revokeTeamToken } from "@/lib/dal/offboarding";
import { userAction } from "@/lib/auth/action";
import { accountIdSchema, handOverSchema, teamTokenIdSchema } from "@/lib/validation/offboarding";
import { OFFBOARDING_MESSAGES } from "./words";

// Admins only: the helper checks the session and the role, the DAL checks the role again.

export const disableAccountAction = userAction({
  schema: accountIdSchema,
  role: "ADMIN",
  // Disabling revokes the account's personal tokens: an admin revocation.
  sudo: true,
  onInvalid: () => ({ ok: false, message: OFFBOARDING_MESSAGES.not_found }),
  async run({ user, input, meta }) {
    const result = await disableAccount(user, { id: input.id }, { meta });
    if (!result.ok) return { ok: false, message: OFFBOARDING_MESSAGES[result.reason] };
    revalidatePath("/admin/users");
    return { ok: true, data: { email: result.email, revokedTokens: result.revokedTokens } };
  },
});

export const enableAccountAction = userAction({
  // Sudo mode: enabling gives the account access back.
  sudo: true,
  schema: accountIdSchema,
  role: "ADMIN",
  onInvalid: () => ({ ok: false, message: OFFBOARDING_MESSAGES.not_found }),
  async run({ user, input, meta }) {
    const result = await enableAccount(user, { id: input.id }, { meta });
    if (!result.ok) return { ok: false, message: OFFBOARDING_MESSAGES[result.reason] };
    revalidatePath("/admin/users");
    return { ok: true, data: { email: result.email } };
  },
});

export const handOverTeamTokenAction = userAction({
  // Sudo mode: a team token changes hands.
  sudo: true,
  schema: handOverSchema,
  role: "ADMIN",
  onInvalid: () => ({ ok: false, message: OFFBOARDING_MESSAGES.not_heir }),
  async run({ user, input, meta }) {
    const result = await handOverTeamToken(user, input, { meta });
    if (!result.ok)
      return { ok: false, message: result.reason === "not_heir" ? OFFBOARDING_MESSAGES.not_heir : OFFBOARDING_MESSAGES.tokenNotFound };
    revalidatePath("/admin/users");
    return { ok: true, data: { name: result.name, toEmail: result.toEmail ?? "" } };
  },
});

export const revokeTeamTokenAction = userAction({
  schema: teamTokenIdSchema,
  role: "ADMIN",
  sudo: true,
  onInvalid: () => ({ ok: false, message: OFFBOARDING_MESSAGES.tokenNotFound }),
  async run({ user, input, meta }) {
    const result = await revokeTeamToken(user, input.tokenId, { meta });
    if (!result.ok) return { ok: false, message: OFFBOARDING_MESSAGES.tokenNotFound };
    revalidatePath("/admin/users");
    revalidatePath("/admin/tokens");
    return { ok: true, data: { name: result.name } };
  },
});
