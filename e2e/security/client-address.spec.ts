import path from "node:path";
import Database from "better-sqlite3";
import { createToken, expect, signUp, test, uniqueUser } from "../fixtures";
import { requestFrom, startServer } from "../support/server";

// Finding 1: the client address was whatever X-Forwarded-For said. Now it is the socket's peer
// unless TRUST_PROXY names the proxies in front. 127.0.0.0/8 gives each test its own address.

const MAIN_DATABASE = path.join("e2e", ".data", "token-console.db");

function signUpEventIp(databaseFile: string, email: string): string | null {
  const db = new Database(databaseFile, { readonly: true });
  try {
    const row = db.prepare(`SELECT "ip" FROM "AuditEvent" WHERE "action" = 'user.signed_up' AND "actorEmail" = ?`).get(email) as
      { ip: string | null } | undefined;
    return row?.ip ?? null;
  } finally {
    db.close();
  }
}

test.describe("without TRUST_PROXY", () => {
  test("rotating forged addresses do not escape the login throttle", async ({ browser }) => {
    const user = uniqueUser("forged-login");
    const signupContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    await signUp(await signupContext.newPage(), user);
    await signupContext.close();

    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    for (let i = 0; i < 11; i++) {
      await context.setExtraHTTPHeaders({ "X-Forwarded-For": `10.9.${i}.1`, "X-Real-IP": `10.9.${i}.2` });
      await page.goto("/login");
      await page.getByLabel("Email").fill(user.email);
      await page.getByLabel("Password").fill(i < 10 ? `guess-${i}-wrong` : user.password);
      await page.getByRole("button", { name: "Login" }).click();
      const expected =
        i < 10 ? "That email and password do not match an account." : "Too many failed attempts. Wait a few minutes, then try again.";
      await expect(page.locator("form [role=alert]")).toHaveText(expected);
    }
    await context.close();
  });

  test("a flood of junk tokens reaches 429 whatever address it claims, and cannot lock out the address it claims", async ({ baseURL }) => {
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) {
      const response = await requestFrom("127.0.0.3", `${baseURL}/v2/api`, {
        headers: { Authorization: `Bearer tkc_junk${i}`, "X-Forwarded-For": `10.8.${i}.1` },
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429, 429, 429, 429]);

    // An attacker at 127.0.0.4 claims to be 127.0.0.5; the real 127.0.0.5 is not locked out.
    for (let i = 0; i < 35; i++) {
      await requestFrom("127.0.0.4", `${baseURL}/v2/api`, { headers: { Authorization: "Bearer junk", "X-Forwarded-For": "127.0.0.5" } });
    }
    const victim = await requestFrom("127.0.0.5", `${baseURL}/v2/api`, { headers: { Authorization: "Bearer junk-but-first-from-here" } });
    expect(victim.status).toBe(401);
  });

  test("the audit log stores the real peer, never a claimed address", async ({ browser }) => {
    const context = await browser.newContext({
      storageState: { cookies: [], origins: [] },
      extraHTTPHeaders: { "X-Forwarded-For": '=HYPERLINK("http://evil.example")' },
    });
    const user = uniqueUser("forged-audit");
    await signUp(await context.newPage(), user);
    await context.close();
    expect(signUpEventIp(MAIN_DATABASE, user.email)).toBe("127.0.0.1");
  });
});

test.describe("with TRUST_PROXY=loopback (a reverse proxy on this machine)", () => {
  test("the client is the address the trusted proxy appended, and links use its scheme and host", async ({ browser }) => {
    const server = await startServer(3141, { TRUST_PROXY: "loopback" });
    try {
      const context = await browser.newContext({
        storageState: { cookies: [], origins: [] },
        baseURL: server.url,
        // What nginx sends: the client's own (untrusted) claim, then the address it saw.
        extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.1, 203.0.113.50" },
      });
      const page = await context.newPage();
      const user = uniqueUser("proxied");
      await signUp(page, user);
      expect(signUpEventIp(path.join(server.dataDir, "token-console.db"), user.email)).toBe("203.0.113.50");
      // The scheme and host it forwarded (the browser would then be at that origin).
      await context.setExtraHTTPHeaders({
        "X-Forwarded-For": "203.0.113.50",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "tokens.example.test",
      });
      await page.goto("/api-docs");
      await expect(page.getByText("https://tokens.example.test/v2", { exact: true })).toBeVisible();
      // A token made and used here leaves no trace of its secret in the server's log.
      await context.setExtraHTTPHeaders({ "X-Forwarded-For": "203.0.113.50" });
      await page.goto("/api-tokens");
      const secret = await createToken(page, "proxied-token", "Read-Only");
      const used = await page.request.get("/v2/api", { headers: { Authorization: `Bearer ${secret}` } });
      expect(used.status()).toBe(200);
      expect(server.output()).not.toContain(secret);
      expect(server.output()).not.toContain(secret.slice(12));
      await context.close();
    } finally {
      await server.stop();
    }
  });
});
