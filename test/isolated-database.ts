import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, inject } from "vitest";
import { BEHIND_OUR_SERVER } from "@/lib/server/client-address.mjs";

// Runs before each test file's imports: a fresh copy of the migrated template (a file on
// SQLite, a database on PostgreSQL), and secrets that exist only for this run.
const template = inject("templateDatabase");
let drop = async () => {};
if (process.env.TEST_PROVIDER === "postgresql") {
  const { copyOf, databaseUrlFor, dropDatabase } = await import("@/test/postgres");
  const name = await copyOf(template, "file");
  process.env.DATABASE_URL = databaseUrlFor(name);
  process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "token-console-pg-test-"));
  drop = () => dropDatabase(name);
} else {
  const file = path.join(path.dirname(template), `${crypto.randomUUID()}.db`);
  fs.copyFileSync(template, file);
  process.env.DATABASE_URL = `file:${file}`;
  process.env.DATA_DIR = path.dirname(template);
}
process.env.AUTH_SECRET = crypto.randomBytes(32).toString("base64url");
process.env.TOKEN_PEPPER = crypto.randomBytes(32).toString("base64url");
process.env.LOG_LEVEL ??= "error";
// The tests stand where our HTTP server stands: the client-address headers they send are ours.
(globalThis as Record<symbol, unknown>)[BEHIND_OUR_SERVER] = true;

afterAll(async () => {
  // Only files that touched the database have a client (lib/server/db.ts keeps it on globalThis).
  const holder = globalThis as { tokenConsoleDb?: { $disconnect(): Promise<void> }; tokenConsolePg?: { end(): Promise<void> } };
  await holder.tokenConsoleDb?.$disconnect();
  await holder.tokenConsolePg?.end();
  await drop();
});
