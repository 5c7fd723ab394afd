// `npm run admin -- grant <email>` / `npm run admin -- revoke <email>`: who is an admin.
// Refuses to remove the last admin, so an installation always has one. Each change is
// recorded in the audit log, in the same transaction.
import crypto from "node:crypto";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { databaseFile, loadDotEnv } from "../lib/runtime-config.mjs";

const USAGE = "Usage: npm run admin -- grant <email>\n       npm run admin -- revoke <email>";

class Refusal extends Error {}

/** Prisma stores DateTime in SQLite as this ISO text; the audit log sorts on it. */
const prismaTimestamp = (date) => date.toISOString().replace("Z", "+00:00");

export function changeRole(command, rawEmail) {
  const email = rawEmail.trim().toLowerCase();
  let db;
  try {
    db = new Database(databaseFile(), { timeout: 10_000, fileMustExist: true });
    db.prepare('SELECT 1 FROM "User" LIMIT 1').get();
  } catch {
    db?.close();
    throw new Refusal(`There is no migrated database at ${databaseFile()}. Run npm run db:migrate (or npm start) first.`);
  }
  try {
    const run = db.transaction(() => {
      const user = db.prepare('SELECT "id", "email", "role" FROM "User" WHERE "email" = ?').get(email);
      if (!user) throw new Refusal(`No account has the email ${email}.`);
      const target = command === "grant" ? "ADMIN" : "MEMBER";
      if (user.role === target) return `${email} is already ${target === "ADMIN" ? "an admin" : "a member"}; nothing changed.`;
      if (target === "MEMBER") {
        const { admins } = db.prepare('SELECT COUNT(*) AS admins FROM "User" WHERE "role" = \'ADMIN\'').get();
        if (admins <= 1) throw new Refusal(`${email} is the last admin. Grant the role to someone else first.`);
      }
      db.prepare('UPDATE "User" SET "role" = ? WHERE "id" = ?').run(target, user.id);
      db.prepare(
        'INSERT INTO "AuditEvent" ("id", "createdAt", "action", "targetOwnerId", "targetOwnerEmail", "detail", "userAgent") VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(
        crypto.randomUUID(),
        prismaTimestamp(new Date()),
        target === "ADMIN" ? "user.role_granted" : "user.role_revoked",
        user.id,
        user.email,
        "npm run admin",
        "cli",
      );
      return target === "ADMIN" ? `${email} is now an admin.` : `${email} is no longer an admin.`;
    });
    return run.immediate();
  } finally {
    db.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, email] = process.argv.slice(2);
  if (!["grant", "revoke"].includes(command ?? "") || !email) {
    console.error(USAGE);
    process.exit(2);
  }
  loadDotEnv();
  try {
    console.log(changeRole(command, email));
  } catch (error) {
    console.error(error instanceof Refusal ? `Refused: ${error.message}` : error);
    process.exit(1);
  }
}
