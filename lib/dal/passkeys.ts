import "server-only";
import type { SessionUser } from "@/lib/dal/access";
import { appendEvent } from "@/lib/dal/audit";
import type { RequestMeta } from "@/lib/server/request-context";
import { db, retryWhileBusy, writeTransaction } from "@/lib/server/db";

// An account's passkeys (WebAuthn credentials). Each write names its owner in its where clause.

export type PasskeyRow = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null };
export type StoredPasskey = { id: string; userId: string; publicKey: string; counter: number; transports: string[] };

export const PASSKEY_LIMIT = 20;

export async function listPasskeys(userId: string): Promise<PasskeyRow[]> {
  return db.passkey.findMany({
    where: { userId },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

export async function passkeyIds(userId: string): Promise<{ id: string; transports: string[] }[]> {
  const rows = await db.passkey.findMany({ where: { userId }, select: { id: true, transports: true } });
  return rows.map((row) => ({ id: row.id, transports: row.transports ? row.transports.split(",") : [] }));
}

export async function findPasskey(id: string): Promise<StoredPasskey | null> {
  const row = await db.passkey.findUnique({
    where: { id },
    select: { id: true, userId: true, publicKey: true, counter: true, transports: true },
  });
  return row ? { ...row, transports: row.transports ? row.transports.split(",") : [] } : null;
}

export async function addPasskey(
  user: SessionUser,
  passkey: { id: string; name: string; publicKey: string; counter: number; transports: string[] },
  meta: RequestMeta,
): Promise<"added" | "taken" | "too_many"> {
  return writeTransaction(
    async (tx) => {
      if ((await tx.passkey.count({ where: { userId: user.id } })) >= PASSKEY_LIMIT) return "too_many";
      if (await tx.passkey.findUnique({ where: { id: passkey.id }, select: { id: true } })) return "taken";
      await tx.passkey.create({ data: { ...passkey, userId: user.id, transports: passkey.transports.join(",") } });
      await appendEvent(tx, { action: "user.passkey_added", actor: { userId: user.id, email: user.email }, detail: passkey.name, meta });
      return "added";
    },
    { lock: ["user", user.id] },
  );
}

export async function renamePasskey(user: SessionUser, id: string, name: string): Promise<boolean> {
  const renamed = await retryWhileBusy(() => db.passkey.updateMany({ where: { id, userId: user.id }, data: { name } }));
  return renamed.count === 1;
}

export async function removePasskey(user: SessionUser, id: string, meta: RequestMeta): Promise<boolean> {
  return writeTransaction(
    async (tx) => {
      const found = await tx.passkey.findFirst({ where: { id, userId: user.id }, select: { name: true } });
      if (!found) return false;
      await tx.passkey.deleteMany({ where: { id, userId: user.id } });
      await appendEvent(tx, { action: "user.passkey_removed", actor: { userId: user.id, email: user.email }, detail: found.name, meta });
      return true;
    },
    { lock: ["user", user.id] },
  );
}

/**
 * Records a use: the signature counter must grow (an authenticator that counts), else the
 * credential may be cloned and the use is refused; 0 both times is a passkey that does not count.
 */
export async function recordPasskeyUse(passkey: StoredPasskey, newCounter: number, now = new Date()): Promise<boolean> {
  if (newCounter !== 0 || passkey.counter !== 0) {
    if (newCounter <= passkey.counter) return false;
  }
  const used = await retryWhileBusy(() =>
    db.passkey.updateMany({ where: { id: passkey.id, counter: passkey.counter }, data: { counter: newCounter, lastUsedAt: now } }),
  );
  return used.count === 1;
}
