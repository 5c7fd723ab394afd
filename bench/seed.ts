// Bulk data for the benchmark, written straight into a migrated SQLite file in one transaction
// (a million audit events through the app's own code would take the benchmark's whole budget).
// The rows have the shapes the app writes; times are ISO text with +00:00, as Prisma stores them.
import crypto from "node:crypto";
import Database from "better-sqlite3";

const stamp = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
const ACTIONS = [
  "token.created",
  "token.deleted",
  "user.login_succeeded",
  "user.login_failed",
  "api.denied",
  "user.signed_up",
  "token.revoked_by_admin",
];

export type Seeded = { adminId: string; memberId: string; memberTokens: number };

/**
 * `users` people (the first an admin), `tokens` tokens spread over them (the second person has
 * a full 100), `events` audit events over the past year; then ANALYZE, as an operator would.
 */
export function seedBulk(
  file: string,
  { users, tokens, events }: { users: number; tokens: number; events: number },
  passwordHash: string,
): Seeded {
  const db = new Database(file);
  const now = Date.now();
  const year = 365 * 24 * 3600 * 1000;
  const insertUser = db.prepare(
    `INSERT INTO "User" ("id","email","name","passwordHash","role","sessionVersion","createdAt") VALUES (?,?,?,?,?,0,?)`,
  );
  const insertToken = db.prepare(
    `INSERT INTO "ApiToken" ("id","userId","ownerId","name","nameKey","scope","tokenHash","displayPrefix","createdAt","lastUsedAt") VALUES (?,?,?,?,?,?,?,?,?,?)`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO "AuditEvent" ("id","createdAt","action","actorUserId","actorEmail","targetTokenId","targetTokenName","targetTokenScope","targetTokenPrefix","targetOwnerId","targetOwnerEmail","ip","userAgent") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const userIds: string[] = [];
  db.transaction(() => {
    for (let i = 0; i < users; i++) {
      const id = `bench-user-${String(i).padStart(5, "0")}`;
      userIds.push(id);
      insertUser.run(
        id,
        `user${i}@bench.example`,
        `Bench User ${i}`,
        passwordHash,
        i === 0 ? "ADMIN" : "MEMBER",
        stamp(now - year + i * 1000),
      );
    }
    // The second person holds the full 100; the rest are spread over everyone else.
    for (let i = 0; i < tokens; i++) {
      const owner = i < 100 ? 1 : 2 + (i % (users - 2));
      const name = `token-${String(i).padStart(6, "0")}`;
      insertToken.run(
        `bench-token-${i}`,
        userIds[owner],
        userIds[owner],
        name,
        name,
        i % 3 ? "READ_ONLY" : "WRITE",
        crypto.createHash("sha256").update(`bench-${i}`).digest("hex"),
        `tkc_${name.slice(-8)}`,
        stamp(now - (i % 300) * 86_400_000 - i),
        i % 4 ? stamp(now - (i % 30) * 3_600_000) : null,
      );
    }
    for (let i = 0; i < events; i++) {
      const actor = i % users;
      const owner = (i * 7) % users;
      insertEvent.run(
        `bench-event-${String(i).padStart(7, "0")}`,
        stamp(now - year + Math.floor((i / events) * year)),
        ACTIONS[i % ACTIONS.length],
        userIds[actor],
        `user${actor}@bench.example`,
        `bench-token-${i % tokens}`,
        `token-${String(i % tokens).padStart(6, "0")}`,
        i % 3 ? "READ_ONLY" : "WRITE",
        "tkc_00000000",
        userIds[owner],
        `user${owner}@bench.example`,
        "198.51.100.7",
        "bench/1.0",
      );
    }
  })();
  db.exec("ANALYZE");
  db.close();
  return { adminId: userIds[0]!, memberId: userIds[1]!, memberTokens: Math.min(100, tokens) };
}
