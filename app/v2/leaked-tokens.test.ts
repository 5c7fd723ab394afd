import crypto from "node:crypto";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Issue 15 through the API: GitHub's secret scanning partner endpoint (signatures made with a
// key pair this file generates, published to the server in a keys file), and the public
// revocation endpoint; the owner's notice, audit events and email (a real SMTP server).

const setup = await vi.hoisted(async () => {
  const nodeCrypto = await import("node:crypto");
  const nodeFs = await import("node:fs");
  const nodePath = await import("node:path");
  const nodeOs = await import("node:os");
  const github = nodeCrypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const stranger = nodeCrypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const folder = nodeFs.mkdtempSync(nodePath.join(nodeOs.tmpdir(), "github-keys-"));
  const keysFile = nodePath.join(folder, "keys.json");
  const pem = (key: import("node:crypto").KeyObject) => key.export({ type: "spki", format: "pem" }).toString();
  nodeFs.writeFileSync(
    keysFile,
    JSON.stringify({ public_keys: [{ key_identifier: "test-key-1", key: pem(github.publicKey), is_current: true }] }),
  );
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  process.env.GITHUB_SECRET_SCANNING_KEYS_FILE = keysFile;
  process.env.REVOCATION_REQUESTS_PER_IP_PER_MINUTE = "3";
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.MAIL_FROM = "Token Console <tokens@console.test>";
  return { github, stranger, folder, port };
});

import { db } from "@/lib/server/db";
import { runNotifyPass } from "@/lib/jobs/notify";
import { call, freshIp } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";
import { startInbox, type Inbox } from "@/test/smtp-inbox";

let inbox: Inbox;
beforeAll(async () => {
  inbox = await startInbox(setup.port);
});
afterAll(async () => {
  await inbox.close();
  fs.rmSync(setup.folder, { recursive: true, force: true });
});

const sign = (body: string, key: crypto.KeyObject = setup.github.privateKey) =>
  crypto.sign("sha256", Buffer.from(body), { key, dsaEncoding: "der" }).toString("base64");

/** A request as GitHub makes it: the raw body, signed, with the key's id. */
const fromGithub = (body: string, { keyId = "test-key-1", signature = sign(body) }: { keyId?: string; signature?: string } = {}) =>
  call("POST", "/secret-scanning/github", {
    rawBody: body,
    headers: { "github-public-key-identifier": keyId, "github-public-key-signature": signature },
  });

const matches = (...tokens: string[]) =>
  JSON.stringify(
    tokens.map((token) => ({
      token,
      type: "token_console_api_token",
      url: "https://github.com/octocat/hello/blob/1a2b3c/.env",
      source: "content",
    })),
  );

async function liveToken(label: string) {
  const owner = await makeUser();
  const made = await makeToken(owner, `${label}-${Math.random().toString(36).slice(2, 8)}`, "WRITE");
  return { owner, ...made };
}

const invalidSignature = {
  status: "error",
  message: expect.stringContaining("The request is not signed by GitHub"),
  errors: [{ code: "invalid_signature", message: expect.any(String) }],
};

describe("POST /v2/secret-scanning/github", () => {
  it("revokes a live token GitHub found, labels the feedback, tells the owner (notice, audit, email)", async () => {
    const { owner, secret, token } = await liveToken("ci-deploy");
    expect((await call("GET", "/account/info", { token: secret })).status).toBe(200);
    const lookAlike = `tkc_${"A".repeat(49)}`;
    const answer = await fromGithub(matches(secret, lookAlike, "not a token"));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual([
      { token_raw: secret, token_type: "token_console_api_token", label: "true_positive" },
      { token_raw: lookAlike, token_type: "token_console_api_token", label: "false_positive" },
      { token_raw: "not a token", token_type: "token_console_api_token", label: "false_positive" },
    ]);

    // Stops working at once, and is gone from the listing.
    expect((await call("GET", "/account/info", { token: secret })).status).toBe(401);
    expect(await db.apiToken.count({ where: { id: token.id } })).toBe(0);

    const events = await db.auditEvent.findMany({ where: { targetTokenId: token.id }, orderBy: { createdAt: "asc" } });
    const detail = "reported by GitHub secret scanning, source content, at https://github.com/octocat/hello/blob/1a2b3c/.env";
    expect(events.filter((e) => e.action !== "token.created").map((e) => [e.action, e.detail, e.targetOwnerEmail])).toEqual([
      ["token.leak_reported", detail, owner.email],
      ["token.revoked_leaked", detail, owner.email],
    ]);
    expect(JSON.stringify(events)).not.toContain(secret);

    const notices = await db.leakNotice.findMany({ where: { userId: owner.id } });
    expect(notices).toMatchObject([
      {
        tokenName: token.name,
        tokenPrefix: token.displayPrefix,
        reporter: "github",
        revoked: true,
        url: "https://github.com/octocat/hello/blob/1a2b3c/.env",
      },
    ]);

    inbox.messages.length = 0;
    await runNotifyPass(new Date());
    const mail = inbox.messages.find((m) => m.to === owner.email && m.subject.includes("found in public"));
    expect(mail?.subject).toBe(`API token “${token.name}” was revoked: it was found in public`);
    expect(mail?.text).toContain(
      "found in public at https://github.com/octocat/hello/blob/1a2b3c/.env and reported by GitHub secret scanning",
    );
    expect(mail?.text).not.toContain(secret);

    // Reported again (GitHub retries): it is no longer a live token.
    expect((await fromGithub(matches(secret))).json).toEqual([
      { token_raw: secret, token_type: "token_console_api_token", label: "false_positive" },
    ]);
  });

  it("refuses, changing nothing, a missing, unknown or wrong signature, a tampered body and a re-ordered replay", async () => {
    const { secret, token } = await liveToken("signed");
    const body = matches(secret);
    const reordered = JSON.stringify([
      { url: "https://github.com/octocat/hello/blob/1a2b3c/.env", source: "content", type: "token_console_api_token", token: secret },
    ]);
    const cases = [
      await call("POST", "/secret-scanning/github", { rawBody: body }),
      await call("POST", "/secret-scanning/github", { rawBody: body, headers: { "github-public-key-identifier": "test-key-1" } }),
      await call("POST", "/secret-scanning/github", { rawBody: body, headers: { "github-public-key-signature": sign(body) } }),
      await fromGithub(body, { keyId: "no-such-key" }),
      await fromGithub(body, { signature: sign(body, setup.stranger.privateKey) }),
      await fromGithub(body, { signature: "not base64 at all!" }),
      await fromGithub(body, { signature: "" }),
      await fromGithub(body.replace("content", "commit"), { signature: sign(body) }),
      await fromGithub(`${body} `, { signature: sign(body) }),
      await fromGithub(reordered, { signature: sign(body) }),
    ];
    for (const answer of cases) {
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual(invalidSignature);
    }
    expect(await db.apiToken.count({ where: { id: token.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { targetTokenId: token.id, action: { startsWith: "token.leak" } } })).toBe(0);
    // The re-ordered body, signed as it is, is GitHub's: it is handled.
    expect((await fromGithub(reordered)).json).toEqual([
      { token_raw: secret, token_type: "token_console_api_token", label: "true_positive" },
    ]);
  });

  it("checks the signature before reading the body, refuses bodies over 1 MB, and answers bad JSON with 400 or 422", async () => {
    const notJson = "[{";
    expect((await fromGithub(notJson, { signature: sign("something else") })).status).toBe(401);
    expect((await fromGithub(notJson)).json).toMatchObject({ errors: [{ code: "invalid_json" }] });
    expect((await fromGithub('{"token":"x"}')).status).toBe(422);
    expect((await fromGithub("[]")).status).toBe(422);
    expect((await fromGithub('[{"type":"t"}]')).status).toBe(422);
    const huge = JSON.stringify([{ token: "x", type: "t", url: `https://example.test/${"a".repeat(1_100_000)}` }]);
    const tooLarge = await fromGithub(huge);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json).toMatchObject({ errors: [{ code: "body_too_large" }] });
  });
});

describe("POST /v2/credentials/revoke", () => {
  it("answers 202 whatever the credentials were, revokes the live ones, and audits the call with its count and address", async () => {
    const { owner, secret, token } = await liveToken("pasted");
    const ip = freshIp();
    const unknown = await call("POST", "/credentials/revoke", { ip, body: { credentials: ["tkc_nothing", `tkc_${"B".repeat(49)}`] } });
    const live = await call("POST", "/credentials/revoke", { ip, body: { credentials: [secret, "tkc_nothing"] } });
    expect(unknown.status).toBe(202);
    expect(live.status).toBe(202);
    expect(live.json).toEqual(unknown.json); // not an oracle
    expect(live.json).toEqual({ status: "success", message: expect.stringContaining("Thank you") });

    expect((await call("GET", "/api", { token: secret })).status).toBe(401);
    expect(await db.leakNotice.findFirst({ where: { userId: owner.id } })).toMatchObject({ reporter: "public", revoked: true, url: null });
    const calls = await db.auditEvent.findMany({ where: { action: "credentials.revoke_requested", ip }, orderBy: { createdAt: "asc" } });
    expect(calls.map((event) => event.detail)).toEqual(["2 credentials sent, 0 matched", "2 credentials sent, 1 matched"]);
    expect(await db.auditEvent.findFirst({ where: { action: "token.revoked_leaked", targetTokenId: token.id } })).toMatchObject({
      detail: "reported by the public revocation endpoint",
      ip,
    });
  });

  it.each([
    ["none", { credentials: [] }, "Send at least one credential."],
    ["1,001", { credentials: Array.from({ length: 1001 }, (_, i) => `tkc_${i}`) }, "Send at most 1,000 credentials at once."],
    ["a string", { credentials: "tkc_x" }, "credentials must be a list of the tokens found."],
    ["a number", { credentials: [42] }, "Each credential must be a string."],
    ["no credentials field", {}, "credentials"],
  ])("refuses %s with 422, naming the problem", async (_label, body, message) => {
    const answer = await call("POST", "/credentials/revoke", { body });
    expect(answer.status).toBe(422);
    expect(answer.json!.message).toContain(message);
  });

  it("is limited per address, with Retry-After; another address is not", async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++)
      expect((await call("POST", "/credentials/revoke", { ip, body: { credentials: ["tkc_x"] } })).status).toBe(202);
    const limited = await call("POST", "/credentials/revoke", { ip, body: { credentials: ["tkc_x"] } });
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({
      errors: [{ code: "rate_limited", message: "Too many revocation requests from this address. Retry later." }],
    });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await call("POST", "/credentials/revoke", { ip: freshIp(), body: { credentials: ["tkc_x"] } })).status).toBe(202);
  });

  it("answers bodies of the wrong kind with 400, 413 or 415, never 500", async () => {
    expect((await call("POST", "/credentials/revoke", { rawBody: "[1]" })).status).toBe(400);
    expect((await call("POST", "/credentials/revoke", { rawBody: "{", headers: { "content-type": "text/plain" } })).status).toBe(415);
    expect((await call("POST", "/credentials/revoke", { rawBody: JSON.stringify({ credentials: ["x".repeat(70_000)] }) })).status).toBe(
      413,
    );
  });
});
