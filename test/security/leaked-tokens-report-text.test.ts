import crypto from "node:crypto";
import fs from "node:fs";
import { afterAll, describe, expect, it, vi } from "vitest";

// Issue 20, finding 2: a correctly signed GitHub match whose `url` or `source` held a lone
// surrogate made the audit insert fail. The leaked token stayed live, the rest of the batch was
// never handled, and GitHub's retries failed the same way. The broken note is dropped; the
// revocation happens.

const setup = await vi.hoisted(async () => {
  const nodeCrypto = await import("node:crypto");
  const nodeFs = await import("node:fs");
  const nodePath = await import("node:path");
  const nodeOs = await import("node:os");
  const github = nodeCrypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const folder = nodeFs.mkdtempSync(nodePath.join(nodeOs.tmpdir(), "github-keys-"));
  const keysFile = nodePath.join(folder, "keys.json");
  const pem = github.publicKey.export({ type: "spki", format: "pem" }).toString();
  nodeFs.writeFileSync(keysFile, JSON.stringify({ public_keys: [{ key_identifier: "test-key-1", key: pem, is_current: true }] }));
  process.env.GITHUB_SECRET_SCANNING_KEYS_FILE = keysFile;
  return { github, folder };
});

import { db } from "@/lib/server/db";
import { call } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

afterAll(() => fs.rmSync(setup.folder, { recursive: true, force: true }));

const fromGithub = (body: string) =>
  call("POST", "/secret-scanning/github", {
    rawBody: body,
    headers: {
      "github-public-key-identifier": "test-key-1",
      "github-public-key-signature": crypto
        .sign("sha256", Buffer.from(body), { key: setup.github.privateKey, dsaEncoding: "der" })
        .toString("base64"),
    },
  });

async function liveToken() {
  const owner = await makeUser();
  return makeToken(owner, `leaked-${Math.random().toString(36).slice(2, 8)}`, "WRITE");
}

const match = (token: string, extra: Record<string, string>) => ({ token, type: "token_console_api_token", ...extra });

describe("a signed GitHub batch with a lone surrogate in a match's notes", () => {
  it.each([
    ["url", { url: "https://github.com/octocat/hello/blob/1a2b3c/.env\ud800", source: "content" }],
    ["url's host", { url: "https://gith\ud800ub.com/octocat/.env", source: "content" }],
    ["source", { url: "https://github.com/octocat/hello/blob/1a2b3c/.env", source: "content\ud800" }],
  ])("revokes the first token (bad %s) and the second one", async (_label, notes) => {
    const [first, second] = [await liveToken(), await liveToken()];
    // JSON.stringify writes a lone surrogate as the escape \ud800: what GitHub would send.
    const body = JSON.stringify([
      match(first.secret, notes),
      match(second.secret, { url: "https://github.com/octocat/hello/blob/1a2b3c/.env", source: "content" }),
    ]);
    expect(body).toContain("\\ud800");
    const response = await fromGithub(body);
    expect(response.status).toBe(200);
    expect((response.json as unknown as Array<{ label: string }>).map((m) => m.label)).toEqual(["true_positive", "true_positive"]);
    expect(await db.apiToken.count({ where: { id: { in: [first.token.id, second.token.id] } } })).toBe(0);

    // What was kept of the broken match: nothing broken, the notes that were fine.
    const events = await db.auditEvent.findMany({
      where: { targetTokenId: first.token.id, action: { in: ["token.leak_reported", "token.revoked_leaked"] } },
      select: { action: true, detail: true },
    });
    expect(events.map((e) => e.action).sort()).toEqual(["token.leak_reported", "token.revoked_leaked"]);
    for (const { detail } of events) expect(detail!.isWellFormed()).toBe(true);
    const notice = await db.leakNotice.findFirstOrThrow({ where: { tokenId: first.token.id }, select: { url: true, source: true } });
    expect([notice.url ?? "", notice.source ?? ""].every((text) => text.isWellFormed())).toBe(true);
  });
});
