import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateToken } from "@/lib/server/token-format";
import { TS_CLI } from "@/test/fixtures";

// `npm run scan` on a fixture folder made here (a real token is never committed, not even as a
// fixture: it would be a leak to report). It names each real token by place and display prefix,
// skips look-alikes, and exits 1 when it found any.

const root = fs.mkdtempSync(path.join(os.tmpdir(), "scan-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const scan = (...args: string[]) =>
  spawnSync(process.execPath, [...TS_CLI, "scripts/scan.ts", ...args], { encoding: "utf8", env: { ...process.env, LOG_LEVEL: "silent" } });

describe("npm run scan", () => {
  const real = generateToken();
  const other = generateToken();
  const badChecksum = `${other.token.slice(0, -1)}${other.token.at(-1) === "A" ? "B" : "A"}`;
  fs.mkdirSync(path.join(root, "app", "config"), { recursive: true });
  fs.mkdirSync(path.join(root, "node_modules", "dep"), { recursive: true });
  fs.writeFileSync(path.join(root, "app", "config", "prod.env"), `# deploy\nREGION=eu\nAPI_TOKEN=${real.token}\n`);
  fs.writeFileSync(path.join(root, "app", "notes.md"), `a look-alike: ${badChecksum}\nand tkc_${"A".repeat(49)}\nand x${other.token}\n`);
  fs.writeFileSync(path.join(root, "node_modules", "dep", "index.js"), `const t = "${other.token}";\n`);
  fs.writeFileSync(path.join(root, "app", "logo.bin"), Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(other.token)]));

  it("lists each real token by file, line, column and display prefix, never the token, and exits 1", () => {
    const result = scan(root);
    expect(result.status).toBe(1);
    expect(result.stdout.trim().split("\n")).toEqual([`${path.join(root, "app", "config", "prod.env")}:3:11  ${real.displayPrefix}…`]);
    expect(result.stdout + result.stderr).not.toContain(real.token);
    expect(result.stderr).toContain("Found 1 Token Console token in 2 files"); // node_modules and the binary file are skipped
  });

  it("finds nothing in a clean file (exit 0), and refuses a path that is not there (exit 2)", () => {
    const clean = scan(path.join(root, "app", "notes.md"));
    expect(clean.status).toBe(0);
    expect(clean.stdout).toBe("");
    expect(clean.stderr).toContain("No Token Console token in 1 file.");
    const missing = scan(path.join(root, "missing"));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("No such file or folder");
    expect(scan().status).toBe(2);
  });
});
