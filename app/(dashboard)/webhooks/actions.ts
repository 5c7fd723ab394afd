"use server";

import { revalidatePath } from "next/cache";
import { appendEvent } from "@/lib/dal/audit";
import type { SessionUser } from "@/lib/dal/access";
import {
  createEndpoint,
  deleteEndpoint,
  endpointKind,
  enqueueTestEvent,
  rotateSecret,
  setEndpointEnabled,
  type EndpointOwner,
} from "@/lib/dal/webhooks";
import type { Prisma } from "@/lib/generated/prisma/client";
import { userAction } from "@/lib/auth/action";
import { deliverSoon } from "@/lib/jobs/webhooks";
import type { RequestMeta } from "@/lib/server/request-context";
import { refusedUrl } from "@/lib/server/webhook-transport";
import { webhookEnabledSchema, webhookFormSchema, webhookIdSchema } from "@/lib/validation/webhooks";
import { WEBHOOK_WORDS } from "./words";

// Every action checks the session here and whose endpoint it is in the data layer
// (lib/dal/webhooks.ts): a user's own, a team's for its admins and owners, the installation's
// for admins. Another's endpoint id answers as a missing one does.

const ownerOf = (owner: string): EndpointOwner =>
  owner === "installation"
    ? { kind: "installation" }
    : owner.startsWith("team:")
      ? { kind: "team", teamId: owner.slice(5) }
      : { kind: "user" };

const auditAs =
  (user: SessionUser, meta: RequestMeta) =>
  (tx: Prisma.TransactionClient, action: Parameters<typeof appendEvent>[1]["action"], detail: string) =>
    appendEvent(tx, { action, actor: { userId: user.id, email: user.email }, subject: { id: user.id, email: user.email }, detail, meta });

export const createWebhookAction = userAction({
  schema: webhookFormSchema,
  // An installation's endpoint receives every event of everyone: added in sudo mode only.
  sudo: async ({ input }) => input.owner === "installation",
  async run({ user, input, meta }) {
    const refused = refusedUrl(input.url);
    if (refused) return { ok: false, message: refused, fieldErrors: { url: [refused] } };
    const created = await createEndpoint(user, ownerOf(input.owner), input, auditAs(user, meta));
    if (!created.ok) return { ok: false, message: created.reason === "too_many" ? WEBHOOK_WORDS.tooMany : WEBHOOK_WORDS.notAllowed };
    revalidatePath("/webhooks");
    return { ok: true, data: { id: created.id, secret: created.secret } };
  },
});

/** Changing an installation's endpoint (its secret above all) is as sensitive as adding one: sudo mode. */
const installationChange = async ({ input }: { input: { id: string } }) => (await endpointKind(input.id)) === "installation";

export const deleteWebhookAction = userAction({
  schema: webhookIdSchema,
  sudo: installationChange,
  async run({ user, input, meta }) {
    if (!(await deleteEndpoint(user, input.id, auditAs(user, meta)))) return { ok: false, message: WEBHOOK_WORDS.notAllowed };
    revalidatePath("/webhooks");
    return { ok: true, data: null };
  },
});

export const rotateWebhookSecretAction = userAction({
  schema: webhookIdSchema,
  sudo: installationChange,
  async run({ user, input, meta }) {
    const secret = await rotateSecret(user, input.id, auditAs(user, meta));
    if (!secret) return { ok: false, message: WEBHOOK_WORDS.notAllowed };
    revalidatePath(`/webhooks/${input.id}`);
    return { ok: true, data: { secret } };
  },
});

export const setWebhookEnabledAction = userAction({
  schema: webhookEnabledSchema,
  sudo: installationChange,
  async run({ user, input, meta }) {
    if (!(await setEndpointEnabled(user, input.id, input.enabled, auditAs(user, meta))))
      return { ok: false, message: WEBHOOK_WORDS.notAllowed };
    if (input.enabled) deliverSoon();
    revalidatePath("/webhooks");
    revalidatePath(`/webhooks/${input.id}`);
    return { ok: true, data: null };
  },
});

export const sendTestEventAction = userAction({
  schema: webhookIdSchema,
  async run({ user, input }) {
    const id = await enqueueTestEvent(user, input.id);
    if (!id) return { ok: false, message: WEBHOOK_WORDS.notAllowed };
    deliverSoon();
    return { ok: true, data: { deliveryId: id } };
  },
});
