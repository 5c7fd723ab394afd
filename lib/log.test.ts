import { afterEach, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.LOG_LEVEL = "info"; // the other test files keep the logs quiet
});

import { log, redact } from "@/lib/log";

describe("log redaction", () => {
  afterEach(() => vi.restoreAllMocks());

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
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    log.info("token.created", { token: "tkc_canary", tokenId: "t1" });
    const line = String(write.mock.calls[0]?.[0]);
    expect(JSON.parse(line)).toMatchObject({ level: "info", event: "token.created", token: "[redacted]", tokenId: "t1" });
    expect(line).not.toContain("tkc_canary");
  });
});
