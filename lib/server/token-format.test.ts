import { describe, expect, it } from "vitest";
import { generateToken, hashToken, isWellFormedToken, TOKEN_LENGTH, TOKEN_PREFIX } from "@/lib/server/token-format";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

describe("generateToken", () => {
  it("has the vendor prefix, 43 base62 characters of randomness and a 6-character checksum", () => {
    const { token, displayPrefix } = generateToken();
    expect(token).toMatch(/^tkc_[0-9A-Za-z]{43}[0-9A-Za-z]{6}$/);
    expect(token).toHaveLength(TOKEN_LENGTH);
    expect(TOKEN_LENGTH).toBe(53);
    expect(displayPrefix).toBe(token.slice(0, 12));
    expect(displayPrefix.startsWith(TOKEN_PREFIX)).toBe(true);
  });

  it("never repeats itself and spreads over the whole alphabet", () => {
    const tokens = Array.from({ length: 2000 }, () => generateToken().token);
    expect(new Set(tokens).size).toBe(tokens.length);
    const seen = new Set(tokens.flatMap((t) => [...t.slice(4, 47)]));
    expect(seen.size).toBe(62);
  });

  it("produces tokens its own checksum accepts", () => {
    for (let i = 0; i < 500; i++) expect(isWellFormedToken(generateToken().token)).toBe(true);
  });
});

describe("isWellFormedToken", () => {
  const { token } = generateToken();

  it("rejects every single-character change, at every position", () => {
    let rejected = 0;
    for (let position = 0; position < token.length; position++) {
      for (const replacement of ALPHABET + "_") {
        if (replacement === token[position]) continue;
        const mutated = token.slice(0, position) + replacement + token.slice(position + 1);
        expect(isWellFormedToken(mutated), `change at ${position} to ${replacement}`).toBe(false);
        rejected++;
      }
    }
    expect(rejected).toBe(token.length * 62);
  });

  it.each([
    ["empty", ""],
    ["the prefix alone", "tkc_"],
    ["one character short", token.slice(0, -1)],
    ["one character long", `${token}0`],
    ["another vendor's prefix", `ghp_${token.slice(4)}`],
    ["surrounding whitespace", ` ${token}`],
    ["a non-ASCII look-alike", token.slice(0, 10) + "О" + token.slice(11)],
  ])("rejects %s", (_label, candidate) => {
    expect(isWellFormedToken(candidate)).toBe(false);
  });
});

describe("hashToken", () => {
  it("is a keyed SHA-256: stable for one pepper, different for another, never the token", () => {
    const { token } = generateToken();
    const a = hashToken(token, "pepper-one-pepper-one-pepper-one-0");
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token, "pepper-one-pepper-one-pepper-one-0")).toBe(a);
    expect(hashToken(token, "pepper-two-pepper-two-pepper-two-0")).not.toBe(a);
    expect(a).not.toContain(token.slice(4, 20));
  });
});
