import "server-only";
import { appendEvent, type TokenSnapshot } from "@/lib/dal/audit";
import type { RequestMeta } from "@/lib/server/request-context";
import { grantLabel, permissionsFromStored } from "@/lib/permissions";
import { SCOPE_LABELS, type Scope } from "@/lib/scopes";
import { env } from "@/lib/server/config.mjs";
import type { Tx } from "@/lib/server/db";
import { mailConfigured } from "@/lib/server/mail";

// The emails of a token's states, as Notification rows written in the change's own transaction
// and sent by the job (lib/jobs/notify.ts), like lib/dal/notifications.ts's. One row per
// (token, kind, occasion): the occasion is the change's instant (and, to admins, the address).

export type StateNoticeKind =
  | "token.disabled"
  | "token.policy_notice"
  | "token.approved"
  | "token.denied"
  | "token.approval_requested"
  | "token.inactive_warning"
  | "token.inactive_disabled";

const utc = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
const link = (path: string, words: string) => (env().PUBLIC_URL ? `${env().PUBLIC_URL}${path}` : words);
const describe = (token: TokenSnapshot) =>
  `“${token.name}” (${grantLabel({ scope: token.scope as Scope, permissions: permissionsFromStored(token.permissions) }, SCOPE_LABELS)}, ${token.displayPrefix}…)`;
const FOOTER = "\n\nThis is an automatic notice from Token Console. It never contains a token.";

function compose(kind: StateNoticeKind, token: TokenSnapshot, at: Date, reason: string) {
  const tokens = `\n\nYour tokens: ${link("/api-tokens", "the console's API Token page")}`;
  switch (kind) {
    case "token.disabled":
      return {
        subject: `API token “${token.name}” was disabled by an administrator`,
        text: `An administrator disabled your API token ${describe(token)} on ${utc(at)}${reason ? `: it does not meet this console's policy (${reason})` : ""}. Requests with it are refused until an administrator enables it again; nothing else about it changed.\n\nAsk your administrator if you do not know why.${tokens}${FOOTER}`,
      };
    case "token.policy_notice":
      return {
        subject: `API token “${token.name}” does not meet this console's policy`,
        text: `An administrator asks you to look at your API token ${describe(token)}: it does not meet this console's policy (${reason}). It still works. Replace it with a token that meets the policy and delete this one, or delete it if nothing needs it; an administrator may disable it otherwise.${tokens}${FOOTER}`,
      };
    case "token.inactive_warning":
      return {
        subject: `API token “${token.name}” has not been used for ${reason} days`,
        text: `Your API token ${describe(token)} has not been used for ${reason} days. This console's policy disables unused tokens: if nothing needs it, delete it; if something does, use it and it stays as it is.${tokens}${FOOTER}`,
      };
    case "token.inactive_disabled":
      return {
        subject: `API token “${token.name}” was disabled: unused for ${reason} days`,
        text: `Your API token ${describe(token)} was disabled on ${utc(at)}: it had not been used for ${reason} days, and this console's policy disables unused tokens. Requests with it are refused; enable it again on the API Token page if you still need it.${tokens}${FOOTER}`,
      };
    case "token.approved":
      return {
        subject: `API token “${token.name}” was approved`,
        text: `An administrator approved your API token ${describe(token)} on ${utc(at)}. It works from now on.${tokens}${FOOTER}`,
      };
    case "token.denied":
      return {
        subject: `API token “${token.name}” was denied`,
        text: `An administrator denied your API token ${describe(token)} on ${utc(at)}, saying:\n\n  ${reason}\n\nIt will never work. Delete it, and ask for what you need again if you still need it.${tokens}${FOOTER}`,
      };
    case "token.approval_requested":
      return {
        subject: `API token “${token.name}” waits for your approval`,
        text: `${token.owner.email}${token.team ? ` (team ${token.team.name})` : ""} created the API token ${describe(token)} on ${utc(at)}. It asks for permissions the installation's policy reserves, so it works only once an administrator approves it.\n\nApprove or deny it: ${link("/admin/approvals", "the console's Admin, Approvals page")}${FOOTER}`,
      };
  }
}

/** The token's owner (its creator) is told; nothing when no email is configured, or to a disabled account. */
export async function noticeToOwner(
  tx: Tx,
  kind: Exclude<StateNoticeKind, "token.approval_requested">,
  token: TokenSnapshot,
  at: Date,
  reason = "",
) {
  if (!mailConfigured()) return;
  const owner = await tx.user.findUnique({ where: { id: token.owner.id }, select: { disabledAt: true } });
  if (!owner || owner.disabledAt) return;
  const { subject, text } = compose(kind, token, at, reason);
  await tx.notification.create({
    data: { kind, tokenId: token.id, occasion: at.toISOString(), email: token.owner.email, subject, body: text },
  });
}

/** Every installation admin with an active account is told of a new pending token. */
export async function noticeToAdmins(tx: Tx, token: TokenSnapshot, at: Date): Promise<void> {
  if (!mailConfigured()) return;
  const admins = await tx.user.findMany({ where: { role: "ADMIN", disabledAt: null }, select: { email: true } });
  const { subject, text } = compose("token.approval_requested", token, at, "");
  for (const admin of admins)
    await tx.notification.create({
      data: {
        kind: "token.approval_requested",
        tokenId: token.id,
        occasion: `${at.toISOString()} ${admin.email}`,
        email: admin.email,
        subject,
        body: text,
      },
    });
}

/**
 * The hook creation calls, inside its own transaction, for a token it has just written with
 * `status: "pending"`: records `token.approval_requested` and queues the admins' emails (the
 * navigation's count reads the status itself). `token` is the created row's snapshot.
 */
export async function requestApproval(
  tx: Tx,
  token: TokenSnapshot,
  context: { meta: RequestMeta; viaTokenId?: string; detail?: string },
): Promise<void> {
  const at = context.meta.at ?? new Date();
  await appendEvent(tx, {
    action: "token.approval_requested",
    actor: { userId: token.owner.id, email: token.owner.email, tokenId: context.viaTokenId },
    token,
    detail: context.detail,
    meta: context.meta,
  });
  await noticeToAdmins(tx, token, at);
}
