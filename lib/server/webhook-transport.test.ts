import dns from "node:dns";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPublicAddress, postWebhook, refusedUrl } from "@/lib/server/webhook-transport";
import { startReceiver } from "@/test/webhook-receiver";

// Issue 29: a webhook reaches public addresses only, checked at the connection after DNS
// resolution. This file runs without WEBHOOK_ALLOW_PRIVATE, as production does.

let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  delete process.env.WEBHOOK_ALLOW_PRIVATE;
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

describe("the destinations a webhook may reach", () => {
  it("are public unicast addresses, never loopback, private, link-local, metadata or carrier-grade NAT ones", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.9",
      "192.168.1.1",
      "169.254.169.254",
      "100.100.100.200",
      "0.0.0.0",
      "::1",
      "fd00:ec2::254",
      "fe80::1",
      "::ffff:127.0.0.1",
      "::127.0.0.1", // IPv4-compatible, deprecated: ipaddr.js says unicast
      "::a9fe:a9fe",
      "224.0.0.1",
    ])
      expect(isPublicAddress(address), address).toBe(false);
    for (const address of ["8.8.8.8", "203.0.114.1", "2606:4700:4700::1111"]) expect(isPublicAddress(address), address).toBe(true);
  });

  it("refuses a literal private address before connecting, and a URL with credentials or another scheme", async () => {
    expect(refusedUrl("http://169.254.169.254/latest/meta-data/")).toMatch(/public addresses only/);
    expect(refusedUrl("http://[::1]:8080/")).toMatch(/public addresses only/);
    expect(refusedUrl("ftp://hooks.example.com/")).toMatch(/http/);
    expect(refusedUrl("https://user:pw@hooks.example.com/")).toMatch(/credentials/);
    expect(refusedUrl("https://hooks.example.com/tokens")).toBeNull();
    const refused = await postWebhook(receiver.url(), {}, "{}");
    expect(refused).toMatchObject({ ok: false, refused: true });
    expect(receiver.received).toHaveLength(0);
  });

  it("refuses localhost by name at once, with how to allow it", () => {
    expect(refusedUrl("http://localhost:8080/hook")).toMatch(/public addresses only.*WEBHOOK_ALLOW_PRIVATE=1/);
    expect(refusedUrl("http://api.LOCALHOST/hook")).toMatch(/public addresses only/);
    expect(refusedUrl("http://localhost./hook")).toMatch(/public addresses only/);
    expect(refusedUrl("http://[::7f00:1]/hook")).toMatch(/public addresses only/);
    expect(refusedUrl("https://localhost.example.com/hook")).toBeNull();
  });

  it("refuses a DNS name that resolves to loopback, at the connection: nothing reaches the receiver", async () => {
    // This machine's own name is no literal address and no localhost: it passes the URL check,
    // and resolves (through /etc/hosts) to a loopback address, refused once resolved.
    const name = os.hostname();
    const { address } = await dns.promises.lookup(name);
    expect(isPublicAddress(address)).toBe(false);
    expect(refusedUrl(`http://${name}:${receiver.port}/hook`)).toBeNull();
    const result = await postWebhook(`http://${name}:${receiver.port}/hook`, {}, "{}");
    expect(result).toMatchObject({ ok: false, refused: true, status: null });
    expect(result.ok ? "" : result.error).toMatch(/private, loopback.*WEBHOOK_ALLOW_PRIVATE=1/);
    expect(receiver.received).toHaveLength(0);
  });
});
