import "server-only";
import type { RequestMeta } from "@/lib/server/request-context";
import { createPasswordReset } from "@/lib/dal/password-resets";
import { RESET_LINK_MINUTES } from "@/lib/model";
import { env } from "@/lib/server/config.mjs";
import { log } from "@/lib/server/log";
import { mailConfigured, sendMail } from "@/lib/server/mail";

// Links are written with PUBLIC_URL, never the request's Host header: anyone can send one, and a
// link to their own host would carry the victim's reset token there.
export const resetByEmail = () => mailConfigured() && Boolean(env().PUBLIC_URL);

// The token is in the fragment, which browsers send to no server and put in no Referer.
export const resetLinkUrl = (token: string) => `${env().PUBLIC_URL}/reset-password#token=${token}`;

function resetEmail(link: { token: string; email: string; name: string }, meta: RequestMeta) {
  const from = meta.ip ? ` It was asked for from the address ${meta.ip}.` : "";
  return {
    to: link.email,
    subject: "Reset your Token Console password",
    text: [
      `Hello ${link.name},`,
      "",
      `Someone asked to reset the password of your Token Console account (${link.email}).${from}`,
      `To choose a new password, open this link within ${RESET_LINK_MINUTES} minutes:`,
      "",
      resetLinkUrl(link.token),
      "",
      "The link works once. Choosing a new password logs your account out of every browser.",
      "If you did not ask for this, ignore this email: your password stays as it is.",
    ].join("\n"),
  };
}

// Never awaited by the request, so that its answer and timing are the same whether the email has
// an account or not.
export function sendResetLinkLater(email: string, meta: RequestMeta): void {
  void (async () => {
    const link = await createPasswordReset(email, meta);
    if (link) await sendMail(resetEmail(link, meta));
  })().catch((error: unknown) => log.error("password_reset.not_sent", { error: String(error) }));
}
