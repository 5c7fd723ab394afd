import "server-only";
import crypto from "node:crypto";
import { secrets } from "@/lib/server/secrets.mjs";

// AES-256-GCM with a key derived from AUTH_SECRET (HKDF, one key per purpose), so that a copy of
// the database alone reveals no TOTP secret and a value sealed for one purpose opens for no other.
// Format: iv.tag.ciphertext, base64url.

const keyFor = (purpose: string) =>
  Buffer.from(crypto.hkdfSync("sha256", secrets().authSecret, "token-console", `token-console/${purpose}/v1`, 32));

export function seal(purpose: string, plaintext: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", keyFor(purpose), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString("base64url")).join(".");
}

/** The plaintext, or null when the value was not sealed with this key for this purpose (forged, altered). */
export function unseal(purpose: string, sealed: string): string | null {
  const [iv, tag, body, ...rest] = sealed.split(".").map((part) => Buffer.from(part, "base64url"));
  if (!iv || !tag || !body || rest.length > 0 || iv.length !== 12 || tag.length !== 16) return null;
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", keyFor(purpose), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
