import path from "node:path";
import Database from "better-sqlite3";
import type { Page } from "@playwright/test";

// What the passkey and sudo-mode tests and the member demo need of a browser and a server: a
// passkey device in Chromium, and a session that signed in hours ago.

/**
 * Gives the page's browser a platform authenticator (a laptop's fingerprint reader), through the
 * DevTools protocol's virtual authenticator: every request is verified at once. Only an origin
 * on a name can be a WebAuthn relying party (localhost, not 127.0.0.1).
 */
export async function addPasskeyDevice(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
}

/** The e2e suite's database (e2e/.data), as the test server writes it. */
export const SUITE_DATABASE = path.join("e2e", ".data", "token-console.db");

/**
 * Makes every session of `email` look as if it signed in three hours ago, in a server's SQLite
 * database: past SUDO_MODE_MINUTES, so that its next sensitive action asks who it is. Returns
 * how many sessions moved.
 */
export function signedInLongAgo(databaseFile: string, email: string): number {
  const db = new Database(databaseFile, { timeout: 10_000 });
  try {
    // Prisma stores a DateTime as an integer or as text, depending on how the row was written.
    const kind = (db.prepare(`SELECT typeof(authenticatedAt) AS kind FROM Session LIMIT 1`).get() as { kind: string }).kind;
    const old = Date.now() - 3 * 60 * 60 * 1000;
    return db
      .prepare(`UPDATE Session SET authenticatedAt = ? WHERE userId = (SELECT id FROM User WHERE email = ?)`)
      .run(kind === "integer" ? old : new Date(old).toISOString(), email.toLowerCase()).changes;
  } finally {
    db.close();
  }
}
