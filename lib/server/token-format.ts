import "server-only";
import crypto from "node:crypto";
import baseX from "base-x";
import { ALPHABET, BODY_LENGTH, checksum, displayPrefixOf, TOKEN_PREFIX } from "@/lib/server/token-shape";

// The token format is lib/server/token-shape.ts (shared with the command line); here tokens are
// made and hashed.
export { TOKEN_PREFIX, TOKEN_LENGTH, TOKEN_PATTERN, displayPrefixOf, isWellFormedToken, findTokens } from "@/lib/server/token-shape";

const RANDOM_BYTES = 32;

const base62 = baseX(ALPHABET);

export type GeneratedToken = {
  /** The secret: shown to its owner once, never stored. */
  token: string;
  /** Safe to store and show: tells tokens apart, opens nothing. */
  displayPrefix: string;
};

export function generateToken(): GeneratedToken {
  const body = base62.encode(crypto.randomBytes(RANDOM_BYTES)).padStart(BODY_LENGTH, "0");
  const payload = TOKEN_PREFIX + body;
  return {
    token: payload + checksum(payload),
    displayPrefix: displayPrefixOf(payload),
  };
}

// The pepper as a key object, made once: every API request computes one HMAC with it.
const keys = new Map<string, crypto.KeyObject>();
const keyFor = (pepper: string) => keys.get(pepper) ?? keys.set(pepper, crypto.createSecretKey(Buffer.from(pepper, "utf8"))).get(pepper)!;

export function hashToken(token: string, pepper: string): string {
  return crypto.createHmac("sha256", keyFor(pepper)).update(token, "utf8").digest("hex");
}
