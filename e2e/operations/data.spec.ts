import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { startServer } from "../support/server";
import { mintToken, runScript, tempDir } from "./support";

// Issue 11, findings 4 (backups) and 8 (sign-up policy).

const info = (url: string, token: string) => fetch(`${url}/v2/account/info`, { headers: { Authorization: `Bearer ${token}` } });

test.describe("backup and restore (finding 4)", () => {
  test("a backup taken during writes restores to a consistent database whose tokens still work", async () => {
    const dataDir = tempDir("backup-source");
    const server = await startServer(3161, {}, { dataDir });
    const { token } = mintToken(dataDir);
    let writing = true;
    let written = 0;
    const writes = (async () => {
      for (let i = 0; writing; i++) {
        const response = await fetch(`${server.url}/v2/api/generate`, {
          method: "POST",
          headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
          body: JSON.stringify({ name: `during-backup-${i}` }),
        });
        if (response.status === 200) written++;
        if (written >= 90) break; // under the 100-key cap
      }
    })();
    while (written < 5) await new Promise((resolve) => setTimeout(resolve, 50));
    const file = path.join(tempDir("backups"), "nightly.db");
    const backup = runScript("scripts/backup.mjs", [file], { DATA_DIR: dataDir });
    writing = false;
    await writes;
    expect(backup.stderr).toBe("");
    expect(backup.status).toBe(0);
    expect(backup.stdout).toContain(`Its secrets are in ${file}.secrets.json`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(`${file}.secrets.json`).mode & 0o777).toBe(0o600);
    // Refuses to overwrite a backup.
    expect(runScript("scripts/backup.mjs", [file], { DATA_DIR: dataDir }).status).toBe(1);

    // While the source server runs, restoring into its data folder is refused.
    const refused = runScript("scripts/restore.mjs", [file], { DATA_DIR: dataDir });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^A server is using .* \(PID \d+ on port 3161\): stop it first, then restore\.\n$/);
    await server.stop();

    // Restored into a new place, with its secrets: consistent, and the token opens the API there.
    const target = tempDir("backup-target");
    const restored = runScript("scripts/restore.mjs", [file], { DATA_DIR: target });
    expect(restored.stderr).toBe("");
    expect(restored.status).toBe(0);
    const db = new Database(path.join(target, "token-console.db"), { readonly: true });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    const keys = db.prepare(`SELECT count(*) FROM "ApiToken" WHERE "name" LIKE 'during-backup-%'`).pluck().get() as number;
    const events = db
      .prepare(`SELECT count(*) FROM "AuditEvent" WHERE "action" = 'token.created' AND "targetTokenName" LIKE 'during-backup-%'`)
      .pluck()
      .get();
    db.close();
    expect(keys).toBeGreaterThanOrEqual(5);
    expect(events).toBe(keys); // every token with its audit event: one consistent moment
    const again = await startServer(3162, {}, { dataDir: target });
    expect((await info(again.url, token)).status).toBe(200);
    await again.stop();
  });

  test("a database that meets other secrets stops the server with a message, instead of failing every token", async () => {
    const dataDir = tempDir("secrets-lost");
    const server = await startServer(3163, {}, { dataDir });
    mintToken(dataDir);
    await server.stop();
    // The obvious restore: the database without its secrets.json.
    fs.rmSync(path.join(dataDir, "secrets.json"));
    const started = runScript("scripts/start.mjs", [], { DATA_DIR: dataDir, PORT: "3163" });
    expect(started.status).toBe(1);
    expect(started.stderr.trim().split("\n")).toHaveLength(1);
    expect(started.stderr).toContain("holds 1 tokens hashed with another token pepper than newly generated secrets");
    expect(started.stderr).toContain("Put back the secrets.json that belongs to this database");
    // The fresh secrets it made are not left behind to be mistaken for the real ones.
    expect(fs.existsSync(path.join(dataDir, "secrets.json"))).toBe(false);
    // A wrong TOKEN_PEPPER is refused the same way.
    const wrong = runScript("scripts/start.mjs", [], {
      DATA_DIR: dataDir,
      PORT: "3163",
      AUTH_SECRET: "a".repeat(40),
      TOKEN_PEPPER: "b".repeat(40),
    });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain("another token pepper than the token pepper from TOKEN_PEPPER");
  });
});

test.describe("sign-up policy (finding 8)", () => {
  test("SIGNUP=closed: sign-up says so and refuses; an operator adds people, who choose their own password first", async ({ page }) => {
    const dataDir = tempDir("signup-closed");
    const server = await startServer(3164, { SIGNUP: "closed" }, { dataDir });
    // The first account an operator adds to an empty database is its admin. (Before it, the
    // browser offers to create that admin: e2e/first-run.spec.ts.)
    const created = runScript("scripts/admin.ts", ["create", "Ops.Lead@Example.test", "--name", "Ops Lead"], { DATA_DIR: dataDir });
    expect(created.stderr).toBe("");
    expect(created.stdout).toContain("Created ops.lead@example.test (Ops Lead), an admin.");
    const password = /Temporary password: (\S+)/.exec(created.stdout)![1]!;

    await page.goto(`${server.url}/signup`);
    await expect(page.getByRole("heading", { name: "Sign-up is closed" })).toBeVisible();
    expect(
      (await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze()).violations,
    ).toEqual([]);
    await page.goto(`${server.url}/login`);
    await expect(page.getByText("If you don’t have an account, ask an administrator to add you.")).toBeVisible();
    await expect(page.getByRole("link", { name: "sign up" })).toHaveCount(0);

    const member = runScript("scripts/admin.ts", ["create", "second@example.test"], { DATA_DIR: dataDir });
    expect(member.stdout).toContain("Created second@example.test (second), a member.");
    expect(runScript("scripts/admin.ts", ["create", "second@example.test"], { DATA_DIR: dataDir }).status).toBe(1);
    expect(runScript("scripts/admin.ts", ["create", "not-an-email"], { DATA_DIR: dataDir }).stderr).toContain(
      "Refused: email: Enter a valid email address.",
    );

    await page.getByLabel("Email").fill("ops.lead@example.test");
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Login" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("alert").filter({ hasText: "You signed in with a temporary password." })).toBeVisible();
    expect(
      (await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze()).violations,
    ).toEqual([]);
    await page.screenshot({ path: "e2e/screenshots/account-temporary-password.png" });
    // Nothing else opens until the password is changed.
    await page.goto(`${server.url}/api-tokens`);
    await expect(page).toHaveURL(/\/account$/);
    await page.getByLabel("Current password").fill(password);
    await page.getByLabel("New password", { exact: true }).fill("my-own-passphrase");
    await page.getByLabel("New password, again").fill("my-own-passphrase");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByRole("status")).toContainText("Your password was changed.");
    await page.goto(`${server.url}/api-tokens`);
    await expect(page.getByRole("heading", { name: "API Token", level: 1 })).toBeVisible();

    const db = new Database(path.join(dataDir, "token-console.db"), { readonly: true });
    expect(db.prepare(`SELECT "role", "mustChangePassword" FROM "User" ORDER BY "createdAt"`).all()).toEqual([
      { role: "ADMIN", mustChangePassword: 0 },
      { role: "MEMBER", mustChangePassword: 1 },
    ]);
    expect(db.prepare(`SELECT count(*) FROM "AuditEvent" WHERE "action" = 'user.created'`).pluck().get()).toBe(2);
    db.close();
    await server.stop();
  });
});
