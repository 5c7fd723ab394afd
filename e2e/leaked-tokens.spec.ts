import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { APIRequestContext } from "@playwright/test";
import { createToken, expect, test, tokenRow } from "./fixtures";

// Issue 15 in the console: a token reported through each endpoint disappears from its owner's
// listing with the notice shown, and stops working at once. The server was given a stand-in
// for GitHub's keys (e2e/server.mjs); its private half signs here as GitHub would.

const signingKey = () => crypto.createPrivateKey(fs.readFileSync(path.join("e2e", ".data", "github-signing-key.pem")));
const info = (request: APIRequestContext, secret: string) =>
  request.get("/v2/account/info", { headers: { Authorization: `Bearer ${secret}` } });

test("a token GitHub finds in public is revoked at once, and its owner sees where, until they dismiss it", async ({
  page,
  request,
  tokenName,
}) => {
  await page.goto("/api-tokens");
  const name = tokenName("leaked-on-github");
  const secret = await createToken(page, name, "Write");
  expect((await info(request, secret)).status()).toBe(200);

  const url = "https://github.com/octocat/hello/blob/1a2b3c/deploy.env";
  const body = JSON.stringify([{ token: secret, type: "token_console_api_token", url, source: "content" }]);
  const signature = crypto.sign("sha256", Buffer.from(body), { key: signingKey(), dsaEncoding: "der" }).toString("base64");
  const forged = await request.post("/v2/secret-scanning/github", {
    data: body,
    headers: {
      "Content-Type": "application/json",
      "Github-Public-Key-Identifier": "e2e-key",
      "Github-Public-Key-Signature": signature.replace(/^.{4}/, "AAAA"),
    },
  });
  expect(forged.status()).toBe(401);
  expect((await info(request, secret)).status()).toBe(200);

  const reported = await request.post("/v2/secret-scanning/github", {
    data: body,
    headers: { "Content-Type": "application/json", "Github-Public-Key-Identifier": "e2e-key", "Github-Public-Key-Signature": signature },
  });
  expect(reported.status()).toBe(200);
  expect(await reported.json()).toEqual([{ token_raw: secret, token_type: "token_console_api_token", label: "true_positive" }]);
  expect((await info(request, secret)).status()).toBe(401);

  await page.reload();
  await expect(tokenRow(page, name)).toHaveCount(0);
  const notice = page.getByRole("region", { name: "Leaked tokens" }).getByRole("alert").filter({ hasText: name });
  await expect(notice).toContainText(`“${name}”`);
  await expect(notice).toContainText("was revoked on");
  await expect(notice).toContainText(`because it was found in public at ${url}`);
  await expect(notice.getByRole("link", { name: url })).toHaveAttribute("rel", "noopener noreferrer nofollow");
  await page.screenshot({ path: "e2e/screenshots/leak-notice.png" });
  const audit = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  expect(audit.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

  // The admin's audit log has it, under the new actions.
  await page.goto("/admin/audit?action=token.revoked_leaked");
  await expect(page.getByRole("row").filter({ hasText: name })).toBeVisible();

  await page.goto("/api-tokens");
  await notice.getByRole("button", { name: `Dismiss the notice about “${name}”` }).click();
  await expect(notice).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("alert").filter({ hasText: name })).toHaveCount(0);
});

test("anyone can revoke a token they found: 202, the owner's notice, and the token stops at once", async ({ page, request, tokenName }) => {
  await page.goto("/api-tokens");
  const name = tokenName("pasted-in-chat");
  const secret = await createToken(page, name, "Read-Only");

  const answer = await request.post("/v2/credentials/revoke", { data: { credentials: [secret] } });
  expect(answer.status()).toBe(202);
  const nothing = await request.post("/v2/credentials/revoke", { data: { credentials: ["tkc_not-ours"] } });
  expect(await nothing.json()).toEqual(await answer.json());
  expect((await info(request, secret)).status()).toBe(401);

  await page.reload();
  await expect(tokenRow(page, name)).toHaveCount(0);
  await expect(page.getByRole("alert").filter({ hasText: name })).toContainText(
    "because it was found in public and reported through the public revocation endpoint",
  );
});
