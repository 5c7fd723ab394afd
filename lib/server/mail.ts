import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/server/config.mjs";

// Email to token owners, through the SMTP server SMTP_URL names (nodemailer). Without SMTP_URL
// nothing is mailed: the console's own notices are the warning.

export const mailConfigured = () => Boolean(env().SMTP_URL);

let transport: Transporter | undefined;

/** The sender: MAIL_FROM, else no-reply at PUBLIC_URL's host (or localhost). */
export function mailFrom(): string {
  const host = env().PUBLIC_URL ? new URL(env().PUBLIC_URL!).hostname : "localhost";
  return env().MAIL_FROM ?? `Token Console <no-reply@${host}>`;
}

/** Sends one plain-text email; throws when the SMTP server refuses it or cannot be reached. */
export async function sendMail(message: { to: string; subject: string; text: string }): Promise<void> {
  const url = env().SMTP_URL;
  if (!url) throw new Error("SMTP_URL is not set");
  // The timeouts go beside the url, in the transport's options: createTransport's second
  // argument holds defaults for each message, where they were never read (nodemailer 10 applies
  // the keys next to a url; before it, only the url's own parameters counted).
  transport ??= nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  await transport.sendMail({ from: mailFrom(), ...message });
}
