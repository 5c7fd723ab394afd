import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Issue 29: a server killed (SIGKILL, a real process) while it sends a committed event. The
// outbox row it claimed is neither lost nor sent twice after a success: once its lease runs out
// another instance delivers it, under the same webhook-id.
vi.hoisted(() => {
  process.env.WEBHOOK_ALLOW_PRIVATE = "1";
});

import { createEndpoint } from "@/lib/dal/webhooks";
import { runWebhookPass } from "@/lib/jobs/webhooks";
import { db } from "@/lib/server/db";
import { makeToken, makeUser } from "@/test/fixtures";
import { startReceiver } from "@/test/webhook-receiver";

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let child: ChildProcess | undefined;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  child?.kill("SIGKILL"); // a failed assertion before the kill leaves no process behind
  await receiver.close();
});

const later = (ms: number) => new Date(Date.now() + ms);

/** Waits until `condition` holds, polling; fails naming `what` after `ms`. */
async function until(condition: () => boolean, what: string, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("a server killed between commit and delivery", () => {
  it("leaves the delivery to the next instance once its lease runs out: delivered once, one webhook-id", async () => {
    const owner = await makeUser();
    const made = await createEndpoint(
      owner,
      { kind: "user" },
      { url: receiver.url("/killed"), description: "", events: ["token.created"], format: "standard" },
      async () => {},
    );
    expect(made.ok).toBe(true);
    const { token } = await makeToken(owner, `killed-${Date.now()}`, "READ_ONLY");
    const [waiting] = await db.webhookDelivery.findMany({ where: { eventType: "token.created" } });
    expect(waiting).toMatchObject({ state: "pending", attempts: 0 });

    // Another process (this database, its own Prisma client) claims the delivery and posts it;
    // the receiver takes the request and never answers; the process is killed mid-send.
    receiver.answer({ status: 200, hold: true });
    child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "test/faults/webhook-pass-child.mts"], {
      env: { ...process.env, LOG_LEVEL: "error" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const running = child;
    const exited = new Promise<NodeJS.Signals | null>((resolve) => running.on("exit", (_code, signal) => resolve(signal)));
    await until(() => receiver.received.length === 1 || running.exitCode !== null, "the child's attempt");
    expect(stderr).toBe("");
    expect(receiver.received).toHaveLength(1);
    running.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    // The claim it held keeps the others off while its lease lasts: nothing is sent twice at once.
    receiver.answer({ status: 200, body: "ok" });
    expect(await runWebhookPass()).toMatchObject({ delivered: 0, retrying: 0, failed: 0 });
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: waiting!.id } })).toMatchObject({ state: "pending" });

    // Past the lease, this instance delivers it; after that success, never again.
    expect(await runWebhookPass(later(70_000))).toMatchObject({ delivered: 1 });
    expect(await runWebhookPass(later(3_600_000))).toMatchObject({ delivered: 0, retrying: 0, failed: 0 });
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: waiting!.id } })).toMatchObject({ state: "delivered" });

    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([waiting!.id, waiting!.id]);
    expect(receiver.received[0]!.body).toBe(receiver.received[1]!.body);
    expect((JSON.parse(receiver.received[1]!.body) as { data: { token: { id: string } } }).data.token.id).toBe(token.id);
  });
});
