import { beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));

import {
  disableAccountAction,
  enableAccountAction,
  handOverTeamTokenAction,
  revokeTeamTokenAction,
} from "@/app/(dashboard)/admin/users/actions";
import { OFFBOARDING_MESSAGES } from "@/app/(dashboard)/admin/users/words";
import { createTokenAction } from "@/app/(dashboard)/api-tokens/actions";
import { getCurrentUser } from "@/lib/auth/session";
import type { SessionUser } from "@/lib/dal/users";
import { MESSAGES } from "@/lib/model";
import { db } from "@/lib/server/db";
import { call } from "@/test/api-client";
import { actAs, makeAdmin, makeToken, makeUser } from "@/test/fixtures";
import { cookieJar, fromClient } from "@/test/next-request";
import { makeTeam, makeTeamToken } from "@/test/team-fixtures";

let admin: SessionUser;
let member: SessionUser;
let victim: SessionUser;
beforeAll(async () => {
  admin = await makeAdmin();
  member = await makeUser();
  victim = await makeUser();
  fromClient("192.0.2.77");
});

const disabledAt = async (id: string) => (await db.user.findUniqueOrThrow({ where: { id }, select: { disabledAt: true } })).disabledAt;

describe("offboarding attacks", () => {
  it("a member calling the disable, enable, hand-over and revoke actions directly changes nothing", async () => {
    const team = await makeTeam("Attack", [
      [member, "owner"],
      [victim, "admin"],
    ]);
    const teamToken = await makeTeamToken(victim, team, "shared");
    await actAs(member);
    const events = await db.auditEvent.count();
    for (const answer of [
      await disableAccountAction({ id: victim.id }),
      await disableAccountAction({ id: admin.id }),
      await enableAccountAction({ id: victim.id }),
      await handOverTeamTokenAction({ tokenId: teamToken.token.id, toUserId: member.id }),
      await revokeTeamTokenAction({ tokenId: teamToken.token.id }),
    ])
      expect(answer).toEqual({ ok: false, message: MESSAGES.adminOnly });
    expect(await disabledAt(victim.id)).toBeNull();
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: teamToken.token.id }, select: { userId: true } })).toEqual({
      userId: victim.id,
    });
    expect(await db.auditEvent.count()).toBe(events);
  });

  it("an id of another kind (a token's, a team's, junk) disables nothing", async () => {
    const token = await makeToken(member, "an-id", "READ_ONLY");
    const team = await makeTeam("Ids", [[member, "owner"]]);
    await actAs(admin);
    for (const id of [token.token.id, team.id, "' OR 1=1 --", "x".repeat(200), "\u0000"])
      expect(await disableAccountAction({ id })).toEqual({ ok: false, message: OFFBOARDING_MESSAGES.not_found });
    expect(await disableAccountAction({ id: [member.id] })).toEqual({ ok: false, message: OFFBOARDING_MESSAGES.not_found });
    expect(await disabledAt(member.id)).toBeNull();
    // An account id is no team token: revoking or handing "it" over finds nothing.
    expect(await revokeTeamTokenAction({ tokenId: member.id })).toEqual({ ok: false, message: OFFBOARDING_MESSAGES.tokenNotFound });
    expect(await revokeTeamTokenAction({ tokenId: token.token.id })).toEqual({ ok: false, message: OFFBOARDING_MESSAGES.tokenNotFound });
    expect(await db.apiToken.count({ where: { id: token.token.id } })).toBe(1);
  });

  it("a disabled user's old session cookie, replayed, opens nothing; its token gets 401; its team token works", async () => {
    const leaver = await makeUser();
    const team = await makeTeam("Replay", [[leaver, "admin"]]);
    const personal = await makeToken(leaver, "personal", "WRITE");
    const shared = await makeTeamToken(leaver, team, "team-shared");
    await actAs(leaver);
    const copied = cookieJar.snapshot();
    expect(await getCurrentUser()).toMatchObject({ id: leaver.id });

    await actAs(admin);
    expect(await disableAccountAction({ id: leaver.id })).toMatchObject({ ok: true });

    cookieJar.restore(copied);
    expect(await getCurrentUser()).toBeNull();
    expect(await createTokenAction({ name: "after", scope: "WRITE" })).toEqual({ ok: false, message: MESSAGES.sessionEnded });
    expect((await call("GET", "/api", { token: personal.secret })).status).toBe(401);
    expect((await call("GET", "/account/info", { token: shared.secret })).status).not.toBe(401);
  });

  it("hands a token to nobody outside its team, to no disabled person, to no plain member", async () => {
    const creator = await makeUser();
    const outsider = await makeUser();
    const plain = await makeUser();
    const disabledOwner = await makeUser();
    const team = await makeTeam("Guarded", [
      [creator, "admin"],
      [plain, "member"],
      [disabledOwner, "owner"],
    ]);
    await makeTeam("Elsewhere", [[outsider, "owner"]]);
    const token = await makeTeamToken(creator, team, "guarded");
    await actAs(admin);
    await disableAccountAction({ id: disabledOwner.id });
    for (const to of [outsider.id, plain.id, disabledOwner.id, admin.id, team.id, "nobody"])
      expect(await handOverTeamTokenAction({ tokenId: token.token.id, toUserId: to })).toEqual({
        ok: false,
        message: OFFBOARDING_MESSAGES.not_heir,
      });
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: token.token.id }, select: { userId: true } })).toEqual({
      userId: creator.id,
    });
    expect(await db.auditEvent.count({ where: { action: "token.handed_over", targetTokenId: token.token.id } })).toBe(0);
  });
});
