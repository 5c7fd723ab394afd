// A real SMTP server (smtp-server) on a port of the caller's, keeping every message it is
// given: the tests' mailbox, for the console's emails (reset links). Used by Vitest and by
// Playwright, which starts the console with SMTP_URL pointing here.
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = { to: string; subject: string; text: string; raw: string };

export type Inbox = {
  port: number;
  /** Every message so far, oldest first. */
  messages: ReceivedMail[];
  /** The next message to `to`, waited for up to `timeoutMs`, and taken out of the inbox. */
  next(to: string, timeoutMs?: number): Promise<ReceivedMail>;
  /** Waits `ms`, then says how many messages `to` has had. */
  countAfter(to: string, ms: number): Promise<number>;
  close(): Promise<void>;
};

/** `refuseOnce`: recipients refused once each with a 450 (a full mailbox, a greylisting server). */
export async function startInbox(port: number, { refuseOnce = new Set<string>() }: { refuseOnce?: Set<string> } = {}): Promise<Inbox> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!refuseOnce.delete(address.address)) return callback();
      callback(Object.assign(new Error("Mailbox busy, try again later"), { responseCode: 450 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const mail = await simpleParser(raw);
        const to = session.envelope.rcptTo.map((r) => r.address).join(",");
        messages.push({ to, subject: mail.subject ?? "", text: mail.text ?? "", raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port,
    messages,
    async next(to, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const at = messages.findIndex((message) => message.to === to);
        if (at >= 0) return messages.splice(at, 1)[0]!;
        if (Date.now() > deadline) throw new Error(`no email to ${to} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async countAfter(to, ms) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return messages.filter((message) => message.to === to).length;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
