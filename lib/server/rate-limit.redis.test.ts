import crypto from "node:crypto";
import net from "node:net";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createLimiter } from "@/lib/server/rate-limit";
import { BREAKER_MS, COMMAND_TIMEOUT_MS, connectRedis } from "@/lib/server/redis.mjs";

// Against the real Redis of TEST_REDIS_URL (vitest.config.mts runs this file only when it is set).
const url = process.env.TEST_REDIS_URL!;
const clients: Redis[] = [];
const connect = () => {
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  clients.push(client);
  return new Promise<Redis>((resolve, reject) => client.once("ready", () => resolve(client)).once("error", reject));
};
afterAll(() => clients.forEach((client) => client.disconnect()));
// A client may be ready before anyone listens for it (the second of two made together often is).
const ready = (client: Redis) => (client.status === "ready" ? Promise.resolve() : new Promise((resolve) => client.once("ready", resolve)));

describe("limits in Redis, shared by instances", () => {
  it("two instances (two connections) spend one allowance", async () => {
    const options = { keyPrefix: `test-${crypto.randomUUID()}`, points: 4, durationSeconds: 60 };
    const a = createLimiter(options, await connect());
    const b = createLimiter(options, await connect());
    expect([await a.consume("k"), await b.consume("k"), await a.consume("k"), await b.consume("k")]).toEqual([0, 0, 0, 0]);
    expect(await a.blockedFor("k")).toBeGreaterThan(50_000);
    expect(await b.consume("k")).toBeGreaterThan(50_000);
    expect(await a.blockedFor("other")).toBe(0);
    // The counts are in Redis, under the console's prefix.
    const direct = clients[0]!;
    expect(Number(await direct.get(`token-console:${options.keyPrefix}:k`))).toBeGreaterThanOrEqual(4);
    await b.reset("k");
    expect(await a.blockedFor("k")).toBe(0);
  });
});

/**
 * A TCP proxy in front of the real Redis that can freeze: it keeps accepting and reading, and
 * answers nothing until it thaws (a Redis process stopped with SIGSTOP: what was sent waits
 * in the socket's buffers, and is answered, in order, once it runs again).
 */
async function freezableRedis() {
  const target = new URL(url);
  let frozen = false;
  const held: Array<() => void> = [];
  const sockets = new Set<net.Socket>();
  /** Connections that pass nothing any more, either way (a silent network drop): new ones still work. */
  const silenced = new Set<net.Socket>();
  const relay = (from: net.Socket, to: net.Socket) => (chunk: Buffer) =>
    silenced.has(from) ? undefined : frozen ? held.push(() => to.write(chunk)) : to.write(chunk);
  const server = net.createServer((socket) => {
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    sockets.add(socket).add(upstream);
    socket.on("data", relay(socket, upstream));
    upstream.on("data", relay(upstream, socket));
    for (const end of [socket, upstream]) end.on("error", () => {}).on("close", () => (socket.destroy(), upstream.destroy()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `redis://127.0.0.1:${port}`,
    freeze: () => void (frozen = true),
    silenceOpenConnections: () => sockets.forEach((socket) => silenced.add(socket)),
    thaw: () => {
      frozen = false;
      for (const send of held.splice(0)) send();
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

const elapsed = async <T>(work: () => Promise<T>) => {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
};

describe("a Redis that hangs instead of refusing", () => {
  it("costs one command timeout, then the breaker counts in memory at once, from the last count Redis gave", async () => {
    const proxy = await freezableRedis();
    try {
      const connection = connectRedis(proxy.url, { heartbeat: false });
      clients.push(connection.client);
      await ready(connection.client);
      const limiter = createLimiter({ keyPrefix: `test-${crypto.randomUUID()}`, points: 10, durationSeconds: 60 }, connection);
      for (let i = 0; i < 6; i++) expect(await limiter.consume("k")).toBe(0);

      proxy.freeze();
      const first = await elapsed(() => limiter.consume("k"));
      expect(first.value).toBe(0);
      expect(first.ms).toBeGreaterThanOrEqual(COMMAND_TIMEOUT_MS - 20);
      expect(first.ms).toBeLessThan(COMMAND_TIMEOUT_MS + 400);
      // The breaker is open: no more waiting on Redis, and the count goes on from 6 (+1 above).
      const rest = await elapsed(async () => {
        const waits: number[] = [];
        for (let i = 0; i < 5; i++) waits.push(await limiter.consume("k"));
        return waits;
      });
      expect(rest.ms).toBeLessThan(100);
      expect(rest.value).toEqual([0, 0, 0, expect.any(Number), expect.any(Number)]);
      expect(rest.value[3]).toBeGreaterThan(0);

      // Redis answers again: once the breaker's time is over, the counts are Redis's again, with
      // what was counted in memory meanwhile added: the outage spent the allowance, not a new one.
      proxy.thaw();
      await new Promise((resolve) => setTimeout(resolve, BREAKER_MS + 200));
      expect(await limiter.blockedFor("k")).toBeGreaterThan(50_000);
      expect(await limiter.consume("k")).toBeGreaterThan(50_000);
    } finally {
      proxy.close();
    }
  }, 20_000);

  it("a connection that goes silent (a network drop TCP would take minutes to notice) is replaced, and Redis counts again", async () => {
    const proxy = await freezableRedis();
    try {
      const keyPrefix = `test-${crypto.randomUUID()}`;
      const connection = connectRedis(proxy.url, { heartbeat: false });
      clients.push(connection.client);
      await ready(connection.client);
      const limiter = createLimiter({ keyPrefix, points: 100, durationSeconds: 60 }, connection);
      expect(await limiter.consume("k")).toBe(0);
      proxy.silenceOpenConnections();
      expect(await limiter.consume("k")).toBe(0); // times out, counted in memory
      // A new connection is made at once; once the breaker's time is over, counts go to Redis again.
      await expect.poll(() => connection.client.status, { timeout: 5_000 }).toBe("ready");
      await new Promise((resolve) => setTimeout(resolve, BREAKER_MS + 200));
      expect(await limiter.consume("k")).toBe(0);
      const direct = await connect();
      // 1 before, 1 carried over from memory, 1 now.
      expect(Number(await direct.get(`token-console:${keyPrefix}:k`))).toBe(3);
    } finally {
      proxy.close();
    }
  }, 20_000);

  it("a socket that accepts and never answers: never ready, so every call counts in memory without waiting", async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const connection = connectRedis(`redis://127.0.0.1:${port}`, { heartbeat: false });
      clients.push(connection.client);
      const limiter = createLimiter({ keyPrefix: `test-${crypto.randomUUID()}`, points: 2, durationSeconds: 60 }, connection);
      const calls = await elapsed(async () => [await limiter.consume("k"), await limiter.consume("k"), await limiter.consume("k")]);
      expect(calls.value.slice(0, 2)).toEqual([0, 0]);
      expect(calls.value[2]).toBeGreaterThan(50_000);
      expect(calls.ms).toBeLessThan(100);
    } finally {
      silent.close();
    }
  });

  it("while Redis is away, each of N instances allows its share of what was left, not a fresh allowance", async () => {
    const proxy = await freezableRedis();
    try {
      const options = { keyPrefix: `test-${crypto.randomUUID()}`, points: 12, durationSeconds: 60 };
      const connections = [connectRedis(proxy.url, { heartbeat: false }), connectRedis(proxy.url, { heartbeat: false })];
      for (const connection of connections) {
        clients.push(connection.client);
        await ready(connection.client);
        connection.instances = 2; // what the heartbeat counts (tested below)
      }
      const [a, b] = connections.map((connection) => createLimiter(options, connection));
      for (let i = 0; i < 4; i++) expect(await a!.consume("k")).toBe(0);
      expect(await b!.consume("k")).toBe(0); // b has seen 5
      proxy.freeze();
      // a saw 4, b saw 5: each may take half of what was left when it last looked.
      const allowed = async (limiter: typeof a) => {
        let n = 0;
        for (let i = 0; i < 20; i++) if ((await limiter!.consume("k")) === 0) n++;
        return n;
      };
      const total = 5 + (await allowed(a)) + (await allowed(b));
      expect(total).toBeGreaterThanOrEqual(11);
      expect(total).toBeLessThanOrEqual(13);
    } finally {
      proxy.close();
    }
  }, 20_000);

  it("the instances alive count themselves in Redis", async () => {
    const keyPrefix = `test-instances-${crypto.randomUUID()}`;
    const connections = [connectRedis(url, { keyPrefix }), connectRedis(url, { keyPrefix }), connectRedis(url, { keyPrefix })];
    for (const connection of connections) clients.push(connection.client);
    await expect.poll(() => connections.at(-1)!.instances, { timeout: 8_000 }).toBe(3);
  }, 15_000);
});
