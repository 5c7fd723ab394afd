import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, inject } from "vitest";
import { BEHIND_OUR_SERVER } from "@/lib/server/client-address.mjs";

// Runs before each test file's imports: a fresh copy of the migrated template, and secrets
// that exist only for this run.
const template = inject("templateDatabase");
const file = path.join(path.dirname(template), `${crypto.randomUUID()}.db`);
fs.copyFileSync(template, file);
process.env.DATABASE_URL = `file:${file}`;
process.env.DATA_DIR = path.dirname(template);
process.env.AUTH_SECRET = crypto.randomBytes(32).toString("base64url");
process.env.TOKEN_PEPPER = crypto.randomBytes(32).toString("base64url");
process.env.LOG_LEVEL ??= "error";
// The tests stand where our HTTP server stands: the client-address headers they send are ours.
(globalThis as Record<symbol, unknown>)[BEHIND_OUR_SERVER] = true;

afterAll(async () => {
  // Only files that touched the database have a client (lib/db.ts keeps it on globalThis).
  const client = (globalThis as { tokenConsoleDb?: { $disconnect(): Promise<void> } }).tokenConsoleDb;
  await client?.$disconnect();
});
