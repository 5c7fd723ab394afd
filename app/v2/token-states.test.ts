import { describe, expect, it } from "vitest";
import { GET as forwardAuth } from "@/app/v2/auth/forward/route";
import { approveToken, denyToken, requestApproval } from "@/lib/dal/approvals";
import { snapshot, snapshotSelect } from "@/lib/dal/tokens";
import { disableTokenAsAdmin } from "@/lib/dal/token-states";
import { flushDenials } from "@/lib/api/denials";
import { flushActivity } from "@/lib/dal/activity";
import { db, writeTransaction } from "@/lib/server/db";
import { CLIENT_IP_HEADER, VIA_PROXY_HEADER } from "@/lib/server/client-address.mjs";
import { call, freshIp } from "@/test/api-client";
import { makeAdmin, makeToken, makeUser, TEST_CONTEXT } from "@/test/fixtures";

// Issue 28: token states through the platform API. A disabled, pending or denied token is
// refused by the one authentication core with its own code, at the very next request, and forward
// auth and introspection agree; Disable and Enable by API; the states in the listings.

const suffix = () => Math.random().toString(36).slice(2, 8);
const form = (token: string) => ({
  rawBody: `token=${encodeURIComponent(token)}`,
  headers: { "content-type": "application/x-www-form-urlencoded" },
});

async function forward(token: string) {
  const headers = {
    host: "console.test",
    [CLIENT_IP_HEADER]: freshIp(),
    [VIA_PROXY_HEADER]: "1",
    authorization: `Bearer ${token}`,
    "x-original-method": "GET",
    "x-original-uri": "/v2/dns/zones",
  };
  const response = await forwardAuth(new Request("http://console.test/v2/auth/forward", { headers }));
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as { errors?: Array<{ code: string }> }) : null };
}

const codeOf = (json: Record<string, unknown> | null) => (json?.errors as Array<{ code: string }> | undefined)?.[0]?.code;

/** A token made pending, as the policies' creation rule does it: status written and the hook called in one transaction. */
async function makePending(owner: Awaited<ReturnType<typeof makeUser>>, name: string) {
  const made = await makeToken(owner, name, "WRITE");
  await writeTransaction(async (tx) => {
    await tx.apiToken.update({ where: { id: made.token.id }, data: { status: "pending" } });
    const row = await tx.apiToken.findUniqueOrThrow({ where: { id: made.token.id }, select: snapshotSelect });
    await requestApproval(tx, snapshot(row), TEST_CONTEXT);
  });
  return made;
}

describe("Disable and Enable through the API", () => {
  it("a key disables another: the next request is 401 token_disabled, the listing says disabled, Enable makes it work again", async () => {
    const owner = await makeUser();
    const manager = await makeToken(owner, `manager-${suffix()}`, "WRITE");
    const worker = await makeToken(owner, `worker-${suffix()}`, "READ_ONLY");
    expect((await call("GET", "/account/info", { token: worker.secret })).status).toBe(200);

    const disabled = await call("POST", `/api/${worker.token.id}/disable`, { token: manager.secret });
    expect(disabled.status).toBe(200);
    expect(disabled.json).toMatchObject({ status: "success", key_status: "disabled", disabled_reason: "owner", id: worker.token.id });

    const refused = await call("GET", "/account/info", { token: worker.secret });
    expect(refused.status).toBe(401);
    expect(codeOf(refused.json)).toBe("token_disabled");
    expect((await forward(worker.secret)).status).toBe(401);
    expect(codeOf((await forward(worker.secret)).json)).toBe("token_disabled");

    const listed = (await call("GET", "/api", { token: manager.secret })).json!.api as Array<Record<string, unknown>>;
    expect(listed.find((key) => key.id === worker.token.id)).toMatchObject({ status: "disabled", disabled_reason: "owner" });
    expect(listed.find((key) => key.id === manager.token.id)).toMatchObject({ status: "active", disabled_reason: null });

    const enabled = await call("POST", `/api/${worker.token.id}/enable`, { token: manager.secret });
    expect(enabled.status).toBe(200);
    expect(enabled.json).toMatchObject({ key_status: "active", disabled_reason: null });
    expect((await call("GET", "/account/info", { token: worker.secret })).status).toBe(200);
    expect((await forward(worker.secret)).status).toBe(200);

    const events = await db.auditEvent.findMany({
      where: { targetTokenId: worker.token.id, action: { in: ["token.disabled", "token.enabled"] } },
    });
    expect(events.map((event) => event.action).sort()).toEqual(["token.disabled", "token.enabled"]);
  });

  it("a key may disable itself, and then cannot enable itself (it is refused before it asks)", async () => {
    const owner = await makeUser();
    const key = await makeToken(owner, `self-${suffix()}`, "WRITE");
    const disabled = await call("POST", `/api/${key.token.id}/disable`, { token: key.secret });
    expect(disabled.status).toBe(200);
    expect(disabled.json).toMatchObject({ disabled_reason: "self" });
    const again = await call("POST", `/api/${key.token.id}/enable`, { token: key.secret });
    expect(again.status).toBe(401);
    expect(codeOf(again.json)).toBe("token_disabled");
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: key.token.id } })).status).toBe("disabled");
  });

  it("an active key asking to enable itself is refused 403 forbidden_enable", async () => {
    const key = await makeToken(await makeUser(), `active-${suffix()}`, "WRITE");
    const refused = await call("POST", `/api/${key.token.id}/enable`, { token: key.secret });
    expect(refused.status).toBe(403);
    expect(codeOf(refused.json)).toBe("forbidden_enable");
  });

  it("a key does not enable what an admin disabled, nor a key holding more than itself", async () => {
    const owner = await makeUser();
    const admin = await makeAdmin();
    const manager = await makeToken(owner, `manager-${suffix()}`, "WRITE");
    const target = await makeToken(owner, `target-${suffix()}`, "READ_ONLY");
    await disableTokenAsAdmin(admin, target.token.id, TEST_CONTEXT);
    const refused = await call("POST", `/api/${target.token.id}/enable`, { token: manager.secret });
    expect(refused.status).toBe(403);
    expect(codeOf(refused.json)).toBe("forbidden_enable");

    const narrow = await makeToken(owner, `narrow-${suffix()}`, "CUSTOM", ["api_keys:write"]);
    const wide = await makeToken(owner, `wide-${suffix()}`, "WRITE");
    expect((await call("POST", `/api/${wide.token.id}/disable`, { token: narrow.secret })).status).toBe(200);
    const wider = await call("POST", `/api/${wide.token.id}/enable`, { token: narrow.secret });
    expect(wider.status).toBe(403);
    expect(codeOf(wider.json)).toBe("forbidden_scope");
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: wide.token.id } })).status).toBe("disabled");
  });

  it("a Read-Only key may not disable (api_keys:write); another owner's id, a bad id: 404, nothing changed", async () => {
    const owner = await makeUser();
    const reader = await makeToken(owner, `reader-${suffix()}`, "READ_ONLY");
    const writer = await makeToken(owner, `writer-${suffix()}`, "WRITE");
    expect((await call("POST", `/api/${writer.token.id}/disable`, { token: reader.secret })).status).toBe(403);
    const stranger = await makeToken(await makeUser(), `stranger-${suffix()}`, "WRITE");
    for (const id of [stranger.token.id, "nope", "%00", "x".repeat(300)]) {
      const answer = await call("POST", `/api/${encodeURIComponent(id)}/disable`, { token: writer.secret });
      expect(answer.status).toBe(404);
      expect(codeOf(answer.json)).toBe("not_found");
      expect((await call("POST", `/api/${encodeURIComponent(id)}/enable`, { token: writer.secret })).status).toBe(404);
    }
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: stranger.token.id } })).status).toBe("active");
    expect((await call("GET", "/account/info", { token: stranger.secret })).status).toBe(200);
  });

  it("refusals are audited as api.denied and counted in Activity as disabled", async () => {
    const owner = await makeUser();
    const key = await makeToken(owner, `counted-${suffix()}`, "WRITE");
    await call("POST", `/api/${key.token.id}/disable`, { token: key.secret });
    await call("GET", "/account/info", { token: key.secret });
    await flushDenials({ all: true });
    await flushActivity();
    const denied = await db.auditEvent.findMany({ where: { action: "api.denied", targetTokenId: key.token.id } });
    expect(denied.some((event) => event.detail?.includes("token disabled"))).toBe(true);
    const lines = await db.tokenRequest.findMany({ where: { tokenId: key.token.id } });
    expect(lines.some((line) => line.outcome === "disabled" && line.status === 401)).toBe(true);
  });
});

describe("approval", () => {
  it("pending is refused with token_pending_approval, approved works, denied never works; introspection agrees", async () => {
    const admin = await makeAdmin();
    const introspector = (await makeToken(admin, `introspector-${suffix()}`, "CUSTOM", ["tokens:introspect"])).secret;
    const owner = await makeUser();
    const manager = await makeToken(owner, `manager-${suffix()}`, "WRITE");
    const pending = await makePending(owner, `pending-${suffix()}`);
    const asked = await db.auditEvent.findMany({ where: { action: "token.approval_requested", targetTokenId: pending.token.id } });
    expect(asked).toHaveLength(1);

    const refused = await call("GET", "/account/info", { token: pending.secret });
    expect(refused.status).toBe(401);
    expect(codeOf(refused.json)).toBe("token_pending_approval");
    expect(codeOf((await forward(pending.secret)).json)).toBe("token_pending_approval");
    expect((await call("POST", "/tokens/introspect", { token: introspector, ...form(pending.secret) })).json).toEqual({ active: false });
    // Its owner's other keys neither enable nor disable a pending key.
    expect((await call("POST", `/api/${pending.token.id}/enable`, { token: manager.secret })).status).toBe(422);
    expect((await call("POST", `/api/${pending.token.id}/disable`, { token: manager.secret })).status).toBe(422);
    const roll = await call("POST", `/api/${pending.token.id}/roll`, { token: manager.secret, body: {} });
    expect(roll.status).toBe(422);
    expect(codeOf(roll.json)).toBe("invalid_state");
    const listed = (await call("GET", "/api", { token: manager.secret })).json!.api as Array<Record<string, unknown>>;
    expect(listed.find((key) => key.id === pending.token.id)?.status).toBe("pending");

    expect(await approveToken(admin, pending.token.id, TEST_CONTEXT)).toMatchObject({ ok: true });
    expect((await call("GET", "/account/info", { token: pending.secret })).status).toBe(200);
    expect((await call("POST", "/tokens/introspect", { token: introspector, ...form(pending.secret) })).json).toMatchObject({
      active: true,
    });
    // Decided once: a second decision finds nothing pending.
    expect(await denyToken(admin, pending.token.id, "too late", TEST_CONTEXT)).toEqual({ ok: false, reason: "not_found" });

    const denied = await makePending(owner, `denied-${suffix()}`);
    expect(await denyToken(admin, denied.token.id, "Write is not for CI here", TEST_CONTEXT)).toMatchObject({ ok: true });
    for (let i = 0; i < 2; i++) {
      const never = await call("GET", "/account/info", { token: denied.secret });
      expect(never.status).toBe(401);
      expect(codeOf(never.json)).toBe("token_denied");
    }
    expect((await call("POST", `/api/${denied.token.id}/enable`, { token: manager.secret })).status).toBe(422);
    expect((await call("POST", "/tokens/introspect", { token: introspector, ...form(denied.secret) })).json).toEqual({ active: false });
    const after = (await call("GET", "/api", { token: manager.secret })).json!.api as Array<Record<string, unknown>>;
    expect(after.find((key) => key.id === denied.token.id)).toMatchObject({ status: "denied", denied_reason: "Write is not for CI here" });
    // Its owner may delete it.
    expect((await call("DELETE", `/api/${denied.token.id}/delete`, { token: manager.secret })).status).toBe(200);
  });
});
