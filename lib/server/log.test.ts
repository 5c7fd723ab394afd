import { Writable } from "node:stream";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.LOG_LEVEL = "info"; // the other test files keep the logs quiet
});

import { createLogger, redact } from "@/lib/server/log";

describe("log redaction", () => {
  it("hides values under secret-looking keys at any depth, and keeps identifiers", () => {
    expect(
      redact({
        authorization: "Bearer tkc_x",
        headers: { Cookie: "a=b", "x-api-token": "t" },
        body: { password: "hunter22", nested: [{ secret: "s" }] },
        tokenId: "abc",
        userId: "u1",
      }),
    ).toEqual({
      authorization: "[redacted]",
      headers: { Cookie: "[redacted]", "x-api-token": "[redacted]" },
      body: { password: "[redacted]", nested: [{ secret: "[redacted]" }] },
      tokenId: "abc",
      userId: "u1",
    });
  });

  it("writes one JSON line per event without the secret", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger(sink);
    log.info("token.created", { token: "tkc_canary", tokenId: "t1", request: { headers: { authorization: "Bearer tkc_canary" } } });
    log.debug("below the level", {});
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line.endsWith("\n")).toBe(true);
    expect(JSON.parse(line)).toMatchObject({ level: "info", event: "token.created", token: "[redacted]", tokenId: "t1" });
    expect(JSON.parse(line).time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(line).not.toContain("tkc_canary");
  });
});
