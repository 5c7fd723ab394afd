import { describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

import { approveTokenAction, denyTokenAction } from "@/app/(dashboard)/admin/approvals/actions";
import { adminTokenStateAction } from "@/app/(dashboard)/admin/tokens/actions";
import { setTokenStateAction } from "@/app/(dashboard)/api-tokens/actions";
import { GET as forwardAuth } from "@/app/v2/auth/forward/route";
import { disableToken, enableToken } from "@/lib/dal/token-states";
import { MESSAGES } from "@/lib/model";
import { db } from "@/lib/server/db";
import { CLIENT_IP_HEADER, VIA_PROXY_HEADER } from "@/lib/server/client-address.mjs";
import { freshIp } from "@/test/api-client";
import { actAs, makeAdmin, makeTeam, makeToken, makeUser, TEST_CONTEXT } from "@/test/fixtures";

// Attacking token states: a member calling the admins' actions directly, another owner's ids,
// team roles, and a disabled or pending token through forward auth.

const suffix = () => Math.random().toString(36).slice(2, 8);
const statusOf = async (id: string) => (await db.apiToken.findUniqueOrThrow({ where: { id } })).status;

describe("token states under attack", () => {
  it("a member calling approve, deny or the admin's disable directly is refused and nothing changes", async () => {
    await makeAdmin();
    const member = await makeUser();
    const victim = await makeToken(await makeUser(), `victim-${suffix()}`, "WRITE");
    await db.apiToken.update({ where: { id: victim.token.id }, data: { status: "pending" } });
    await actAs(member);
    expect(await approveTokenAction({ id: victim.token.id })).toEqual({ ok: false, message: MESSAGES.adminOnly });
    expect(await denyTokenAction({ id: victim.token.id, reason: "no" })).toEqual({ ok: false, message: MESSAGES.adminOnly });
    expect(await adminTokenStateAction({ id: victim.token.id, to: "disabled" })).toEqual({ ok: false, message: MESSAGES.adminOnly });
    expect(await statusOf(victim.token.id)).toBe("pending");
    const events = await db.auditEvent.count({
      where: { targetTokenId: victim.token.id, action: { in: ["token.approved", "token.denied"] } },
    });
    expect(events).toBe(0);
  });

  it("an admin's deny needs a reason; the owner's action reaches no other owner's token", async () => {
    const admin = await makeAdmin();
    const owner = await makeUser();
    const pending = await makeToken(owner, `pending-${suffix()}`, "WRITE");
    await db.apiToken.update({ where: { id: pending.token.id }, data: { status: "pending" } });
    await actAs(admin);
    for (const reason of ["", "   ", "x".repeat(501), "bad\u0000byte"]) {
      const refused = await denyTokenAction({ id: pending.token.id, reason });
      expect(refused.ok).toBe(false);
    }
    expect(await statusOf(pending.token.id)).toBe("pending");

    const stranger = await makeToken(await makeUser(), `stranger-${suffix()}`, "WRITE");
    await actAs(owner);
    expect(await setTokenStateAction({ id: stranger.token.id, to: "disabled" })).toEqual({ ok: false, message: MESSAGES.tokenNotFound });
    expect(await setTokenStateAction({ id: stranger.token.id, to: "disabled", teamId: "not-a-team" })).toMatchObject({ ok: false });
    expect(await setTokenStateAction({ id: 42, to: "disabled" })).toMatchObject({ ok: false });
    expect(await setTokenStateAction({ id: stranger.token.id, to: "denied" })).toMatchObject({ ok: false });
    expect(await statusOf(stranger.token.id)).toBe("active");
    // Nor can the owner enable their own pending token.
    expect(await setTokenStateAction({ id: pending.token.id, to: "active" })).toMatchObject({ ok: false });
    expect(await statusOf(pending.token.id)).toBe("pending");
  });

  it("team tokens: an admin or owner of the team disables and enables; a member does not", async () => {
    const [owner, teamAdmin, member] = [await makeUser(), await makeUser(), await makeUser()];
    const team = await makeTeam([
      [owner, "owner"],
      [teamAdmin, "admin"],
      [member, "member"],
    ]);
    const made = await makeToken(owner, `team-${suffix()}`, "READ_ONLY");
    await db.apiToken.update({ where: { id: made.token.id }, data: { ownerId: team.id, teamId: team.id } });
    const inTeam = (user: typeof owner) => ({ ...user, team: { id: team.id, via: "membership" as const } });

    expect(await disableToken(inTeam(member), made.token.id, TEST_CONTEXT)).toEqual({ ok: false, reason: "not_found" });
    expect(await disableToken(member, made.token.id, TEST_CONTEXT)).toEqual({ ok: false, reason: "not_found" });
    expect(await statusOf(made.token.id)).toBe("active");
    expect(await disableToken(inTeam(teamAdmin), made.token.id, TEST_CONTEXT)).toMatchObject({ ok: true, changed: true });
    expect(await enableToken(inTeam(member), made.token.id, TEST_CONTEXT)).toEqual({ ok: false, reason: "not_found" });
    expect(await statusOf(made.token.id)).toBe("disabled");
    expect(await enableToken(inTeam(owner), made.token.id, TEST_CONTEXT)).toMatchObject({ ok: true, changed: true });
    expect(await statusOf(made.token.id)).toBe("active");
  });

  it("what an installation admin disabled, its owner cannot enable; the admin can", async () => {
    const admin = await makeAdmin();
    const owner = await makeUser();
    const made = await makeToken(owner, `admin-disabled-${suffix()}`, "WRITE");
    await actAs(admin);
    expect(await adminTokenStateAction({ id: made.token.id, to: "disabled" })).toMatchObject({ ok: true });
    await actAs(owner);
    expect(await setTokenStateAction({ id: made.token.id, to: "active" })).toMatchObject({ ok: false });
    expect(await statusOf(made.token.id)).toBe("disabled");
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: made.token.id } })).disabledReason).toBe("admin");
    await actAs(admin);
    expect(await adminTokenStateAction({ id: made.token.id, to: "active" })).toMatchObject({ ok: true });
    expect(await statusOf(made.token.id)).toBe("active");
  });

  it("a disabled or pending token through forward auth is refused with its code, and never passes an X-Token header", async () => {
    const owner = await makeUser();
    const made = await makeToken(owner, `forwarded-${suffix()}`, "READ_ONLY");
    await disableToken(owner, made.token.id, TEST_CONTEXT);
    for (const [status, code] of [
      ["disabled", "token_disabled"],
      ["pending", "token_pending_approval"],
      ["denied", "token_denied"],
    ] as const) {
      await db.apiToken.update({ where: { id: made.token.id }, data: { status } });
      const headers = {
        host: "console.test",
        [CLIENT_IP_HEADER]: freshIp(),
        [VIA_PROXY_HEADER]: "1",
        authorization: `Bearer ${made.secret}`,
        "x-original-method": "GET",
        "x-original-uri": "/v2/dns/zones",
      };
      const response = await forwardAuth(new Request("http://console.test/v2/auth/forward", { headers }));
      expect(response.status).toBe(401);
      expect(response.headers.get("x-token-id")).toBeNull();
      expect(((await response.json()) as { errors: Array<{ code: string }> }).errors[0]!.code).toBe(code);
    }
  });
});
