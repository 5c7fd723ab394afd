"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { dismissAddressNotice } from "@/lib/dal/address-notices";
import { tokenRequests, tokenUsage } from "@/lib/dal/activity";
import { dismissLeakNotice } from "@/lib/dal/leaks";
import { dismissRevocationNotice } from "@/lib/dal/revocation-notices";
import { tokenDetails } from "@/lib/dal/token-details";
import { rollToken, tokenIpsWidenedBy, updateToken } from "@/lib/dal/token-lifecycle";
import { createToken, deleteToken } from "@/lib/dal/tokens";
import { dismissAdminWelcome } from "@/lib/dal/users";
import { expiryOf, MESSAGES, type ExpirationChoice } from "@/lib/model";
import { userAction } from "@/lib/auth/action";
import { env } from "@/lib/server/config.mjs";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";
import { narrowToken } from "@/lib/dal/token-permissions";
import {
  createTokenErrorMessage,
  createTokenSchema,
  editTokenSchema,
  narrowTokenSchema,
  quotaProblem,
  rollTokenSchema,
  tokenIdSchema,
  tokenStateSchema,
} from "@/lib/validation/api-token";
import { disableToken, enableToken } from "@/lib/dal/token-states";
import { STATE_MESSAGES } from "@/lib/token-state-messages";
import { ADDRESS_NOTICE_WORDS } from "./words";
import { tokenRequestsSchema, tokenUsageSchema } from "@/lib/validation/activity";

export const createTokenAction = userAction({
  inContext: true,
  sudo: true,
  // The lifetime rules are the policy's, read in the creation's own transaction (lib/dal/tokens.ts):
  // the schema checks the shape of an expiry, the data layer the rule in force at that instant.
  schema: createTokenSchema(
    { defaultDays: env().TOKEN_DEFAULT_LIFETIME_DAYS, maxDays: null },
    Date.now,
    resourceCatalogue(),
    env().API_REQUESTS_PER_TOKEN_PER_MINUTE,
  ),
  async run({ actor, input, meta }) {
    const expiresAt = expiryOf(input.expiration as ExpirationChoice, input.expiresOn, Date.now());
    const { name, scope, permissions, description, allowedIps, rateLimitPerMinute, quota } = input;
    const result = await createToken(
      actor,
      { name, scope, permissions, expiresAt, description, allowedIps, rateLimitPerMinute, quota },
      { meta },
    );
    if (!result.ok) {
      if (result.reason === "policy") {
        const field = result.problem === "allowed_ips_required" ? "allowedIps" : "expiration";
        return { ok: false, message: result.message, fieldErrors: { [field]: [result.message] } };
      }
      const message = createTokenErrorMessage(result.reason, input.name, actor.team ? "This team" : undefined);
      const aboutName = result.reason === "duplicate_name" || result.reason === "limit_reached";
      return { ok: false, message, fieldErrors: aboutName ? { name: [message] } : {} };
    }
    revalidatePath("/api-tokens");
    return { ok: true, data: { token: result.token, secret: result.secret } };
  },
});

/** Disable or Enable one of the actor's tokens (a team's: as its admin or owner); what an admin disabled only an admin enables. */
export const setTokenStateAction = userAction({
  inContext: true,
  schema: tokenStateSchema,
  // Enabling gives access back: sudo mode. Disabling only takes it away.
  sudo: async ({ input }) => input.to !== "disabled",
  onInvalid: () => ({ ok: false, message: MESSAGES.tokenNotFound }),
  async run({ actor, input, meta }) {
    const context = { meta: { ...meta, at: new Date() } };
    const result = input.to === "disabled" ? await disableToken(actor, input.id, context) : await enableToken(actor, input.id, context);
    if (!result.ok) return { ok: false, message: STATE_MESSAGES[result.reason] };
    revalidatePath("/api-tokens");
    return { ok: true, data: { name: result.token.name, to: input.to } };
  },
});

export const deleteTokenAction = userAction({
  inContext: true,
  schema: tokenIdSchema,
  onInvalid: () => ({ ok: false, message: MESSAGES.tokenNotFound }),
  async run({ actor, input, meta }) {
    const deleted = await deleteToken(actor, input.id, { meta });
    if (!deleted) return { ok: false, message: MESSAGES.tokenNotFound };
    revalidatePath("/api-tokens");
    return { ok: true, data: deleted };
  },
});

/** Roll: a new secret for the token, shown once; the previous one works for the overlap chosen. */
export const rollTokenAction = userAction({
  inContext: true,
  sudo: true,
  schema: rollTokenSchema,
  onInvalid: () => ({ ok: false, message: MESSAGES.tokenNotFound }),
  async run({ actor, input, meta }) {
    const rolled = await rollToken(actor, input.id, input.overlapSeconds, { meta: { ...meta, at: new Date() } });
    if (!rolled.ok) {
      if (rolled.reason === "not_active") return { ok: false, message: STATE_MESSAGES.not_active };
      if (rolled.reason === "policy") return { ok: false, message: rolled.message };
      return { ok: false, message: rolled.reason === "expired" ? MESSAGES.tokenExpiredNoRoll : MESSAGES.tokenNotFound };
    }
    revalidatePath("/api-tokens");
    return { ok: true, data: { token: rolled.token, secret: rolled.secret, policyExpiry: rolled.policyExpiry?.toISOString() ?? null } };
  },
});

/** Everything about one of the user's tokens but its secret: the details panel. */
export const tokenDetailsAction = userAction({
  inContext: true,
  schema: tokenIdSchema,
  onInvalid: () => ({ ok: false, message: MESSAGES.tokenNotFound }),
  async run({ actor, input }) {
    const details = await tokenDetails(actor, input.id);
    return details ? { ok: true, data: details } : { ok: false, message: MESSAGES.tokenNotFound };
  },
});

/**
 * "Remove unused permissions": the token keeps only what it used in the window. The confirmation
 * listed what goes; if that is no longer what would go (a use since), nothing changes and the
 * user is asked to look again.
 */
export const narrowTokenAction = userAction({
  inContext: true,
  schema: narrowTokenSchema,
  onInvalid: () => ({ ok: false, message: MESSAGES.tokenNotFound }),
  async run({ actor, input, meta }) {
    const narrowed = await narrowToken(actor, input.id, "used", { meta: { ...meta, at: new Date() }, expectRemoved: input.removing });
    if (!narrowed.ok) {
      if (narrowed.reason === "not_found") return { ok: false, message: MESSAGES.tokenNotFound };
      if (narrowed.reason === "unused") return { ok: false, message: MESSAGES.tokenUnused };
      return { ok: false, message: MESSAGES.narrowChanged };
    }
    revalidatePath("/api-tokens");
    return { ok: true, data: { token: narrowed.token, removed: narrowed.removed } };
  },
});

/**
 * Edit: name, description, allowed IPs and limits, validated as at creation; never the scope. A
 * new quota starts full; Refill starts the same quota again. Only the owner's own tokens: the DAL's
 * where clause is theirs.
 */
export const editTokenAction = userAction({
  inContext: true,
  schema: editTokenSchema(env().API_REQUESTS_PER_TOKEN_PER_MINUTE),
  // Only widening its allowed IPs needs sudo mode: a rename or a narrower list does not.
  sudo: ({ actor, input }) => tokenIpsWidenedBy(actor, input.id, input.allowedIps),
  async run({ actor, input, meta }) {
    const { id, refill, quota, ...changes } = input;
    const quotaRemaining = refill && quota !== null ? quota : undefined;
    const updated = await updateToken(actor, id, { ...changes, quota, quotaRemaining }, { meta });
    if (!updated.ok) {
      if (updated.reason === "not_found") return { ok: false, message: MESSAGES.tokenNotFound };
      if (updated.reason === "policy") return { ok: false, message: updated.message, fieldErrors: { allowedIps: [updated.message] } };
      if (updated.reason !== "duplicate_name") return { ok: false, message: quotaProblem, fieldErrors: { quota: [quotaProblem] } };
      const message = createTokenErrorMessage("duplicate_name", input.name);
      return { ok: false, message, fieldErrors: { name: [message] } };
    }
    revalidatePath("/api-tokens");
    return { ok: true, data: { token: updated.token, changed: updated.changed } };
  },
});

/** Dismisses one of the user's notices of a leaked token. */
export const dismissLeakNoticeAction = userAction({
  schema: tokenIdSchema,
  onInvalid: () => ({ ok: false, message: "That notice was not found." }),
  async run({ user, input }) {
    if (!(await dismissLeakNotice(user, input.id))) return { ok: false, message: "That notice was not found." };
    revalidatePath("/api-tokens");
    return { ok: true, data: undefined };
  },
});

/** Dismisses one of the user's notices of a token an admin revoked. */
export const dismissRevocationNoticeAction = userAction({
  schema: tokenIdSchema,
  onInvalid: () => ({ ok: false, message: "That notice was not found." }),
  async run({ user, input }) {
    if (!(await dismissRevocationNotice(user, input.id))) return { ok: false, message: "That notice was not found." };
    revalidatePath("/api-tokens");
    return { ok: true, data: undefined };
  },
});

/** Dismisses one of the user's notices of a token used from a new address. */
export const dismissAddressNoticeAction = userAction({
  schema: tokenIdSchema,
  onInvalid: () => ({ ok: false, message: ADDRESS_NOTICE_WORDS.notFound }),
  async run({ user, input }) {
    if (!(await dismissAddressNotice(user, input.id))) return { ok: false, message: ADDRESS_NOTICE_WORDS.notFound };
    revalidatePath("/api-tokens");
    return { ok: true, data: undefined };
  },
});

/** The first admin has read the welcome: it does not come back. */
export const dismissAdminWelcomeAction = userAction({
  schema: z.object({}),
  async run({ user }) {
    await dismissAdminWelcome(user);
    revalidatePath("/api-tokens");
    return { ok: true, data: undefined };
  },
});

/** The token's requests over a window, by outcome, and what it used most: its Activity. */
export const tokenUsageAction = userAction({
  inContext: true,
  schema: tokenUsageSchema,
  onInvalid: () => ({ ok: false, message: MESSAGES.tokenNotFound }),
  async run({ actor, input }) {
    const usage = await tokenUsage(actor, input.id, input.window);
    return usage ? { ok: true, data: usage } : { ok: false, message: MESSAGES.tokenNotFound };
  },
});

/** A page of the token's request log, newest first; `cursor` reads the next, older one. */
export const tokenRequestsAction = userAction({
  inContext: true,
  schema: tokenRequestsSchema,
  onInvalid: () => ({ ok: false, message: MESSAGES.tokenNotFound }),
  async run({ actor, input }) {
    const page = await tokenRequests(actor, input.id, { outcome: input.outcome, cursor: input.cursor });
    return page ? { ok: true, data: page } : { ok: false, message: MESSAGES.tokenNotFound };
  },
});
