import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
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

// Issue 22: `npm start` in a terminal printed a wall of JSON. Standard output decides: a
// terminal gets readable lines, anything else (a pipe, a file, a journal) JSON.
describe("log output follows standard output", () => {
  const logger = path.resolve("lib/server/logger.mjs");
  const program = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "token-console-log-")), "log.mjs");
  fs.writeFileSync(
    program,
    `import { spawnSync } from "node:child_process";
import { log } from ${JSON.stringify(logger)};
log.info("migrate.done", { applied: [] });
log.info("token.created", { token: "tkc_canary", tokenId: "t1", headers: { authorization: "Bearer tkc_canary" } });
await log.flush();
spawnSync(process.execPath, ["-e", "console.log('child output')"], { stdio: ["ignore", "inherit", "inherit"] });
`,
  );
  const env = { ...process.env, LOG_LEVEL: "info" };

  it("a pipe gets one JSON line per event, redacted, each out before output written after it", () => {
    const result = spawnSync(process.execPath, [program], { env, encoding: "utf8" });
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "info", event: "migrate.done" });
    expect(JSON.parse(lines[1]!)).toMatchObject({ event: "token.created", token: "[redacted]", tokenId: "t1" });
    expect(lines[2]).toBe("child output"); // the start's "start.building" line comes before the build's output
    expect(result.stdout).not.toContain("tkc_canary");
  });

  const script = spawnSync("script", ["--version"]).status === 0;
  it.skipIf(!script)("a terminal gets readable lines (time, level, event, fields), redacted alike", () => {
    // util-linux's script runs the program on a pseudo-terminal and copies what it prints.
    const result = spawnSync("script", ["-qec", `${JSON.stringify(process.execPath)} ${JSON.stringify(program)}`, "/dev/null"], {
      env,
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    const lines = result.stdout
      .replace(/\u001b\[[0-9;]*m/g, "")
      .replace(/\r/g, "")
      .trimEnd()
      .split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: migrate\.done \{"applied":\[\]\}$/);
    expect(lines[1]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: token\.created \{.*"token":"\[redacted\]".*"tokenId":"t1"/);
    expect(lines[2]).toBe("child output");
    expect(result.stdout).not.toContain("tkc_canary");
    expect(() => JSON.parse(lines[0]!)).toThrow();
  });
});
