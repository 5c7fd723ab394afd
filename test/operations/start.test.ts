import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { ENV_VARIABLES } from "@/lib/server/config.mjs";
import { buildKeyDiffers, buildState, sourceHash, writeBuildStamp } from "@/scripts/build-stamp.mjs";

// Issue 11, findings 1 (migrations), 6 (stale builds) and 7 (configuration errors), without a server.

const temp = (label: string) => fs.mkdtempSync(path.join(os.tmpdir(), `token-console-${label}-`));
const ENV = { ...process.env, DATABASE_URL: "", AUTH_SECRET: "", TOKEN_PEPPER: "", LOG_LEVEL: "warn" };

function start(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ["scripts/start.mjs"], {
    env: { ...ENV, DATA_DIR: temp("config"), ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr };
}

/** `npm start` as a child that does not block this process (for a server this test runs). */
function startAsync(env: Record<string, string>) {
  return new Promise<{ status: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["scripts/start.mjs"], { env: { ...ENV, DATA_DIR: temp("config"), ...env } });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("exit", (status) => resolve({ status, stderr }));
  });
}

/**
 * A PostgreSQL server that answers every connection as PostgreSQL does for a database that
 * does not exist: an ErrorResponse with SQLSTATE 3D000, then it closes the connection.
 */
async function postgresWithoutTheDatabase() {
  const field = (type: string, value: string) => Buffer.concat([Buffer.from(type), Buffer.from(`${value}\0`)]);
  const server = net.createServer((socket) => {
    socket.once("data", () => {
      const body = Buffer.concat([
        field("S", "FATAL"),
        field("V", "FATAL"),
        field("C", "3D000"),
        field("M", 'database "token_console" does not exist'),
        Buffer.from([0]),
      ]);
      const length = Buffer.alloc(4);
      length.writeInt32BE(body.length + 4);
      socket.end(Buffer.concat([Buffer.from("E"), length, body]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
}

function migrateProcess(file: string) {
  return new Promise<{ status: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["scripts/migrate.mjs"], {
      env: { ...ENV, DATABASE_URL: `file:${file}`, DATA_DIR: path.dirname(file) },
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("exit", (status) => resolve({ status, stderr }));
  });
}

describe("migrations never race the server (finding 1)", () => {
  it("apply while another process reads the database, and wait for a writer's lock instead of failing", async () => {
    const file = path.join(temp("migrate"), "token-console.db");
    expect((await migrateProcess(file)).status).toBe(0);
    // A reader with a transaction open (a server draining) and a writer holding the lock for 1.5 s.
    const reader = new Database(file, { readonly: true });
    reader.exec("BEGIN");
    reader.prepare(`SELECT count(*) FROM "User"`).get();
    const writer = new Database(file);
    // The database as it was before the latest migration, then a writer holding the lock.
    writer.exec(
      `DELETE FROM "_prisma_migrations" WHERE "migration_name" LIKE '%_operations'; DROP TABLE "Setting"; ALTER TABLE "User" DROP COLUMN "mustChangePassword"`,
    );
    writer.exec("BEGIN IMMEDIATE");
    setTimeout(() => writer.exec("COMMIT"), 1500);
    const started = Date.now();
    const result = await migrateProcess(file);
    expect(result).toEqual({ status: 0, stderr: "" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // it waited its turn
    reader.exec("COMMIT");
    const applied = reader
      .prepare(`SELECT "migration_name" FROM "_prisma_migrations" WHERE "migration_name" LIKE '%_operations'`)
      .pluck()
      .all();
    expect(applied).toHaveLength(1);
    reader.close();
    writer.close();
  });

  it("are safe when several instances start at once: each migration is applied once", async () => {
    const file = path.join(temp("migrate-many"), "token-console.db");
    const results = await Promise.all([1, 2, 3, 4].map(() => migrateProcess(file)));
    expect(results.map((r) => r.status)).toEqual([0, 0, 0, 0]);
    const db = new Database(file, { readonly: true });
    const names = db.prepare(`SELECT "migration_name" FROM "_prisma_migrations"`).pluck().all() as string[];
    db.close();
    expect(names.length).toBe(new Set(names).size);
    expect(names.length).toBe(fs.readdirSync("prisma/migrations").filter((n) => /^\d+_/.test(n)).length);
  });

  it("are recorded as Prisma records them: prisma migrate deploy finds nothing to do", () => {
    const file = path.join(temp("migrate-prisma"), "token-console.db");
    expect(spawnSync(process.execPath, ["scripts/migrate.mjs"], { env: { ...ENV, DATABASE_URL: `file:${file}` } }).status).toBe(0);
    const deploy = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
      env: { ...ENV, DATABASE_URL: `file:${file}`, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      encoding: "utf8",
    });
    expect(deploy.status).toBe(0);
    expect(deploy.stdout).toContain("No pending migrations to apply.");
  });
});

describe("builds that match the code (finding 6)", () => {
  it("a build made from other code is stale; npm start rebuilds it", () => {
    const root = temp("build");
    fs.mkdirSync(path.join(root, "app"));
    fs.mkdirSync(path.join(root, ".next"));
    fs.writeFileSync(path.join(root, "app", "page.tsx"), "export default 1;");
    expect(buildState(root)).toBe("missing");
    fs.writeFileSync(path.join(root, ".next", "BUILD_ID"), "x");
    expect(buildState(root)).toBe("stale"); // a build with no record of its code
    writeBuildStamp(sourceHash(root), root);
    expect(buildState(root)).toBe("current");
    fs.writeFileSync(path.join(root, "app", "page.tsx"), "export default 2;");
    expect(buildState(root)).toBe("stale");
    fs.writeFileSync(path.join(root, "app", "page.test.ts"), "tests are not built");
    fs.writeFileSync(path.join(root, "app", "page.tsx"), "export default 1;");
    expect(buildState(root)).toBe("current");
  });

  // Issue 22: Next.js derives server action ids from the key a build is made with.
  it("a build records which NEXT_SERVER_ACTIONS_ENCRYPTION_KEY it was made with, as a fingerprint, never the key", () => {
    const root = temp("build-key");
    fs.mkdirSync(path.join(root, ".next"));
    fs.writeFileSync(path.join(root, ".next", "BUILD_ID"), "x");
    const key = crypto.randomBytes(32).toString("base64");
    const other = crypto.randomBytes(32).toString("base64");
    writeBuildStamp(sourceHash(root), root, key);
    expect(buildState(root)).toBe("current"); // the key is not the code: no rebuild for it
    expect(buildKeyDiffers(key, root)).toBe(false);
    expect(buildKeyDiffers(other, root)).toBe(true);
    expect(buildKeyDiffers(undefined, root)).toBe(false); // unset: the build's own key is used
    const stamp = fs.readFileSync(path.join(root, ".next", "token-console-source.sha256"), "utf8");
    expect(stamp).not.toContain(key);
    expect(stamp).not.toContain(Buffer.from(key, "base64").toString("hex"));
    // A build made without a key (Next.js made up its own) differs from any key set later.
    writeBuildStamp(sourceHash(root), root, undefined);
    expect(buildKeyDiffers(key, root)).toBe(true);
  });
});

describe("configuration errors a person can act on (finding 7)", () => {
  it("every variable the configuration reads is in .env.example and docs/configuration.md", () => {
    const example = fs.readFileSync(".env.example", "utf8");
    const reference = fs.readFileSync("docs/configuration.md", "utf8");
    expect(ENV_VARIABLES.filter((name) => !new RegExp(`^# ${name}=`, "m").test(example))).toEqual([]);
    expect(ENV_VARIABLES.filter((name) => !reference.includes(`\`${name}\``))).toEqual([]);
  });

  const notADir = path.join(temp("file"), "plain-file");
  fs.writeFileSync(notADir, "");
  // Issue 24: the catalogue of resources is checked at start, and a mistake names its entry.
  const catalogues = temp("catalogues");
  const catalogue = (name: string, text: string) => {
    fs.writeFileSync(path.join(catalogues, name), text);
    return { PERMISSIONS_FILE: path.join(catalogues, name) };
  };
  const fifo = path.join(catalogues, "pipe.json");
  spawnSync("mkfifo", [fifo]);
  const zeros = path.join(catalogues, "zeros.json");
  fs.symlinkSync("/dev/zero", zeros);
  const entry = (id: string, extra = "") => `{ "id": "${id}", "label": "L", "description": "D"${extra} }`;
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ["PERMISSIONS_FILE (not JSON)", catalogue("broken.json", '{"resources": ['), /^PERMISSIONS_FILE .*broken\.json: is not valid JSON/],
    [
      "PERMISSIONS_FILE (not JSON, over several lines)",
      catalogue("lines.json", '{\n  "resources": [\n    { "id": "dns" },\n  ]\n}\n'),
      /^PERMISSIONS_FILE .*lines\.json: is not valid JSON \(Unexpected token '\]'\)\.\n$/,
    ],
    [
      "PERMISSIONS_FILE (a list, not an object)",
      catalogue("list.json", "[]"),
      /^PERMISSIONS_FILE .*list\.json: is not a resource list: write \{"resources"/,
    ],
    [
      "PERMISSIONS_FILE (an id in capitals)",
      catalogue("caps.json", `{"resources": [${entry("dns")}, ${entry("Object Storage")}]}`),
      /^PERMISSIONS_FILE .*caps\.json: resources\[1\] \("Object Storage"\) id: use lower-case letters, digits and "_"/,
    ],
    [
      "PERMISSIONS_FILE (listed twice)",
      catalogue("twice.json", `{"resources": [${entry("dns")}, ${entry("vpc")}, ${entry("dns")}]}`),
      /^PERMISSIONS_FILE .*twice\.json: resources\[2\] \("dns"\) is listed twice\.\n$/,
    ],
    [
      "PERMISSIONS_FILE (a built-in resource)",
      catalogue("builtin.json", `{"resources": [${entry("api_keys")}]}`),
      /^PERMISSIONS_FILE .*builtin\.json: resources\[0\] \("api_keys"\) is a built-in resource: remove it from the file\.\n$/,
    ],
    [
      "PERMISSIONS_FILE (a field it does not know)",
      catalogue("extra.json", `{"resources": [${entry("dns", ', "scopes": []')}]}`),
      /^PERMISSIONS_FILE .*extra\.json: resources\[0\] \("dns"\) has "scopes": an entry has only "id", "label", "description" and "routes"/,
    ],
    [
      "PERMISSIONS_FILE (no label)",
      catalogue("nolabel.json", '{"resources": [{ "id": "dns", "description": "D" }]}'),
      /^PERMISSIONS_FILE .*nolabel\.json: resources\[0\] \("dns"\) needs label as text/,
    ],
    // Issue 25: a route rule is checked at start too, and its error names the entry and the rule.
    [
      "PERMISSIONS_FILE (a route rule with ** inside)",
      catalogue(
        "routes.json",
        `{"resources": [${entry("vpc")}, ${entry("dns", ', "routes": [{ "method": "GET", "path": "/v2/dns/**", "action": "read" }, { "method": "POST", "path": "/v2/**/records", "action": "write" }]')}]}`,
      ),
      /^PERMISSIONS_FILE .*routes\.json: resources\[1\] \("dns"\) routes\[1\] path: use "\*\*" only as the last segment, such as "\/v2\/dns\/\*\*"\.\n$/,
    ],
    // A pipe blocked the start for good, and /dev/zero (or a link to it) was read until memory ran out.
    ["PERMISSIONS_FILE (a pipe)", { PERMISSIONS_FILE: fifo }, /^PERMISSIONS_FILE .*pipe\.json: is not a file: point PERMISSIONS_FILE at/],
    [
      "PERMISSIONS_FILE (a device)",
      { PERMISSIONS_FILE: "/dev/zero" },
      /^PERMISSIONS_FILE \/dev\/zero: is not a file: point PERMISSIONS_FILE at/,
    ],
    ["PERMISSIONS_FILE (a link to a device)", { PERMISSIONS_FILE: zeros }, /^PERMISSIONS_FILE .*zeros\.json: is not a file/],
    [
      "PERMISSIONS_FILE (missing)",
      { PERMISSIONS_FILE: path.join(catalogues, "nowhere.json") },
      /^PERMISSIONS_FILE .*nowhere\.json: does not exist: point PERMISSIONS_FILE at/,
    ],
    // Issue 27: single sign-on's settings go together, need PUBLIC_URL, and OIDC_ONLY needs them.
    [
      "OIDC_ISSUER (without its client)",
      { OIDC_ISSUER: "https://login.example.test", OIDC_CLIENT_SECRET: "not-shown" },
      /^Single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET together: OIDC_CLIENT_ID is not set\.\n$/,
    ],
    [
      "OIDC_ISSUER (without PUBLIC_URL)",
      { OIDC_ISSUER: "https://login.example.test", OIDC_CLIENT_ID: "c", OIDC_CLIENT_SECRET: "not-shown" },
      /^OIDC_ISSUER needs PUBLIC_URL: the provider sends people back to <PUBLIC_URL>\/api\/auth\/callback\/oidc/,
    ],
    ["OIDC_ONLY (without single sign-on)", { OIDC_ONLY: "1" }, /^OIDC_ONLY=1 turns password sign-in off: set OIDC_ISSUER/],
    [
      "OIDC_SCOPES (without openid)",
      { OIDC_SCOPES: "email profile" },
      /^OIDC_SCOPES="email profile" is not valid: use the scopes to ask for/,
    ],
    ["OIDC_CLIENT_SECRET (never shown)", { OIDC_CLIENT_SECRET: "x".repeat(3000) }, /^OIDC_CLIENT_SECRET=\(3000 characters\) is not valid/],
    ["PORT", { PORT: "eighty" }, /^PORT="eighty" is not valid: use a port number from 1 to 65535/],
    ["AUTH_SECRET", { AUTH_SECRET: "short" }, /^AUTH_SECRET=\(5 characters\) is not valid: use at least 32 random characters/],
    ["LOG_LEVEL", { LOG_LEVEL: "verbose" }, /^LOG_LEVEL="verbose" is not valid: use one of debug, info, warn, error, silent\.\n$/],
    ["HOST", { HOST: "bad host!" }, /^HOST="bad host!" is not valid: use an address or host name to listen on/],
    ["SIGNUP", { SIGNUP: "invite" }, /^SIGNUP="invite" is not valid: use open .* or closed/],
    ["SHUTDOWN_TIMEOUT_SECONDS", { SHUTDOWN_TIMEOUT_SECONDS: "-1" }, /^SHUTDOWN_TIMEOUT_SECONDS="-1" is not valid/],
    [
      "DATA_DIR",
      { DATA_DIR: path.join(notADir, "data") },
      /^The data folder .*plain-file\/data cannot be used \(not a folder\): set DATA_DIR to a folder/,
    ],
    [
      "DATABASE_URL",
      { DATABASE_URL: `file:${path.join(notADir, "x.db")}` },
      /^The data folder .*plain-file cannot be used|^The database .*plain-file\/x\.db cannot be opened/,
    ],
    [
      "REDIS_URL",
      { REDIS_URL: "redis://:not-shown@bad host" },
      /^REDIS_URL="redis:\/\/:\*\*\*@bad host" is not valid: use redis:\/\/host:6379/,
    ],
    [
      "DATABASE_URL (PostgreSQL, shared settings missing)",
      { DATABASE_URL: "postgresql://console@127.0.0.1:5432/console", AUTH_SECRET: "a".repeat(40), TOKEN_PEPPER: "b".repeat(40) },
      /^On PostgreSQL every instance must share NEXT_SERVER_ACTIONS_ENCRYPTION_KEY and PUBLIC_URL: set them in the environment \(NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: openssl rand -base64 32; PUBLIC_URL: the origin people open the console at/,
    ],
    // Issue 22: every missing variable in the one line, not one per attempt (four restarts);
    // REDIS_URL is not among them, and the secret that is set is not echoed.
    [
      "DATABASE_URL (PostgreSQL, every shared setting missing)",
      { DATABASE_URL: "postgresql://console:not-shown@127.0.0.1:5432/console" },
      /^On PostgreSQL every instance must share AUTH_SECRET, TOKEN_PEPPER, NEXT_SERVER_ACTIONS_ENCRYPTION_KEY and PUBLIC_URL: set them in the environment \(each secret: openssl rand -base64 32; PUBLIC_URL: the origin people open the console at, such as https:\/\/tokens\.example\.com\), the same on every instance\.\n$/,
    ],
    [
      "DATABASE_URL (PostgreSQL, one secret set)",
      {
        DATABASE_URL: "postgresql://console@127.0.0.1:5432/console",
        AUTH_SECRET: `not-shown-${"a".repeat(30)}`,
        PUBLIC_URL: "https://tokens.example.test",
      },
      /^On PostgreSQL every instance must share TOKEN_PEPPER and NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: set them in the environment \(each secret: openssl rand -base64 32\), the same on every instance\.\n$/,
    ],
    [
      "DATABASE_URL (PostgreSQL unreachable)",
      {
        DATABASE_URL: "postgresql://console:not-shown@127.0.0.1:1/console",
        AUTH_SECRET: "a".repeat(40),
        TOKEN_PEPPER: "b".repeat(40),
        NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: "c".repeat(43) + "=",
        PUBLIC_URL: "https://tokens.example.test",
        // Waited for a little (the default is 60 s), trying again meanwhile (issue 21, finding 7).
        DATABASE_START_TIMEOUT_SECONDS: "2",
      },
      /^The PostgreSQL database console on 127\.0\.0\.1:1 cannot be reached after waiting 2 s \(DATABASE_START_TIMEOUT_SECONDS\): .*Check DATABASE_URL and that the server runs\.\n$/,
    ],
  ];
  it("DATABASE_URL (PostgreSQL database missing): one line that says how to create it, no stack trace, exit 1", async () => {
    const postgres = await postgresWithoutTheDatabase();
    try {
      const result = await startAsync({
        DATABASE_URL: `postgresql://console:not-shown@127.0.0.1:${postgres.port}/token_console`,
        AUTH_SECRET: "a".repeat(40),
        TOKEN_PEPPER: "b".repeat(40),
        NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: "c".repeat(43) + "=",
        PUBLIC_URL: "https://tokens.example.test",
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(
        `The PostgreSQL database token_console on 127.0.0.1:${postgres.port} does not exist: create it (createdb -h 127.0.0.1 -p ${postgres.port} -U console token_console, or in psql: CREATE DATABASE "token_console";), then start again.\n`,
      );
    } finally {
      postgres.close();
    }
  });

  for (const [name, env, message] of cases) {
    it(`${name}: one line that names it and the fix, no stack trace, exit 1`, () => {
      const result = start(env);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stderr).not.toContain("not-shown"); // a password in DATABASE_URL is never echoed
    });
  }
});
