import zlib from "node:zlib";
import crypto from "node:crypto";
import { TOKEN_PREFIX } from "./token-prefix.mjs";

// The token's shape, with no secret and no server in it: tkc_<43 base62 chars: 32 random
// bytes><6 base62 chars: CRC32>. The fixed prefix lets secret scanners find a leaked token; the
// checksum lets the API reject a mistyped or forged token without a database query. Not marked
// server-only, and imported relatively: the command line (cli/, on a user's machine, run by tsx
// from any folder) scans files with this same check. token-format.ts makes and hashes tokens.

export { TOKEN_PREFIX };

export const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const BODY_LENGTH = 43; // ceil(256 / log2(62)): every 32-byte value fits, left-padded with "0"
const CHECKSUM_LENGTH = 6; // 62^6 > 2^32
const DISPLAY_CHARS = 8;
export const TOKEN_LENGTH = TOKEN_PREFIX.length + BODY_LENGTH + CHECKSUM_LENGTH;
const TOKEN_SHAPE = new RegExp(`^${TOKEN_PREFIX}[0-9A-Za-z]{${BODY_LENGTH + CHECKSUM_LENGTH}}$`);
// docs/secret-scanning.md gives this pattern for gitleaks and secretlint.
export const TOKEN_PATTERN = `(?<![0-9A-Za-z_])${TOKEN_PREFIX}[0-9A-Za-z]{${BODY_LENGTH + CHECKSUM_LENGTH}}(?![0-9A-Za-z_])`;

/** The checksum a token's payload (prefix and body) ends with. */
export function checksum(payload: string): string {
  let value = zlib.crc32(payload);
  let out = "";
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = ALPHABET[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

/** What the console shows of a token (`display_prefix`): tells tokens apart, opens nothing. */
export const displayPrefixOf = (token: string) => token.slice(0, TOKEN_PREFIX.length + DISPLAY_CHARS);

export function isWellFormedToken(candidate: string): boolean {
  if (candidate.length !== TOKEN_LENGTH || !TOKEN_SHAPE.test(candidate)) return false;
  const payload = candidate.slice(0, -CHECKSUM_LENGTH);
  const expected = checksum(payload);
  return crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(candidate.slice(-CHECKSUM_LENGTH)));
}

export function findTokens(text: string): Array<{ token: string; index: number }> {
  const found: Array<{ token: string; index: number }> = [];
  for (const match of text.matchAll(new RegExp(TOKEN_PATTERN, "g"))) {
    if (isWellFormedToken(match[0])) found.push({ token: match[0], index: match.index });
  }
  return found;
}
