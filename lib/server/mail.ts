import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/server/config.mjs";

// Without SMTP_URL nothing is mailed: the console's own notices are the warning.

export const mailConfigured = () => Boolean(env().SMTP_URL);

let transport: Transporter | undefined;

export function mailFrom(): string {
  const host = env().PUBLIC_URL ? new URL(env().PUBLIC_URL!).hostname : "localhost";
  return env().MAIL_FROM ?? `Token Console <no-reply@${host}>`;
}

export async function sendMail(message: { to: string; subject: string; text: string }): Promise<void> {
  const url = env().SMTP_URL;
  if (!url) throw new Error("SMTP_URL is not set");
  // Timeouts beside the url (read since nodemailer 10): createTransport's second argument holds
  // per-message defaults, where they were never read.
  transport ??= nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  await transport.sendMail({ from: mailFrom(), ...message });
}
