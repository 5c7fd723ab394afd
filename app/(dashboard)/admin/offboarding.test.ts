import { beforeAll, describe, expect, it, vi } from "vitest";

// The real actions, session code and data layer; only Next's request scope is stood in for.
vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));

import { loginAction } from "@/app/(auth)/login/actions";
import {
  disableAccountAction,
  enableAccountAction,
  handOverTeamTokenAction,
  revokeTeamTokenAction,
} from "@/app/(dashboard)/admin/users/actions";
import { OFFBOARDING_MESSAGES } from "@/app/(dashboard)/admin/users/words";
import { LOGIN_FAILED_MESSAGE } from "@/lib/auth/sign-in";
import { ACCOUNT_DISABLED_MESSAGE, type SessionUser } from "@/lib/dal/users";
import { db } from "@/lib/server/db";
import { actAs, makeAdmin, makeToken, makeUser, TEST_PASSWORD } from "@/test/fixtures";
import { formData, fromClient, settle } from "@/test/next-request";
import { makeTeam, makeTeamToken } from "@/test/team-fixtures";

let admin: SessionUser;
let leaver: SessionUser;
let heir: SessionUser;
beforeAll(async () => {
  admin = await makeAdmin({ email: "users-admin@example.test" });
  leaver = await makeUser({ email: "users-leaver@example.test" });
  heir = await makeUser({ email: "users-heir@example.test" });
  fromClient("198.51.100.9");
});

const login = (email: string, password: string) => settle(() => loginAction(null, formData({ email, password })));

describe("offboarding through the console's actions", () => {
  it("disables, refuses it twice, tells the right password only, enables without a token back", async () => {
    await makeToken(leaver, "laptop", "WRITE");
    await actAs(admin);
    expect(await disableAccountAction({ id: leaver.id })).toEqual({ ok: true, data: { email: leaver.email, revokedTokens: 1 } });
    expect(await disableAccountAction({ id: leaver.id })).toEqual({ ok: false, message: OFFBOARDING_MESSAGES.already_disabled });
    expect(await disableAccountAction({ id: admin.id })).toEqual({ ok: false, message: OFFBOARDING_MESSAGES.self });
    expect(await disableAccountAction({ id: "" })).toEqual({ ok: false, message: OFFBOARDING_MESSAGES.not_found });

    expect(await login(leaver.email, TEST_PASSWORD)).toEqual({
      returned: expect.objectContaining({ ok: false, message: ACCOUNT_DISABLED_MESSAGE }),
    });
    expect(await login(leaver.email, "a-wrong-password")).toEqual({
      returned: expect.objectContaining({ ok: false, message: LOGIN_FAILED_MESSAGE }),
    });

    await actAs(admin);
    expect(await enableAccountAction({ id: leaver.id })).toEqual({ ok: true, data: { email: leaver.email } });
    expect(await enableAccountAction({ id: leaver.id })).toEqual({ ok: false, message: OFFBOARDING_MESSAGES.already_active });
    expect(await db.apiToken.count({ where: { ownerId: leaver.id } })).toBe(0);
    expect(await login(leaver.email, TEST_PASSWORD)).toMatchObject({ redirectedTo: expect.any(String) });
  });

  it("hands a team token over to an admin of its team and revokes another, with clear refusals", async () => {
    const team = await makeTeam("Ops", [
      [leaver, "member"],
      [heir, "admin"],
    ]);
    const kept = await makeTeamToken(leaver, team, "backup");
    const dropped = await makeTeamToken(leaver, team, "old-backup");
    await actAs(admin);
    await disableAccountAction({ id: leaver.id });
    expect(await handOverTeamTokenAction({ tokenId: kept.token.id, toUserId: admin.id })).toEqual({
      ok: false,
      message: OFFBOARDING_MESSAGES.not_heir,
    });
    expect(await handOverTeamTokenAction({ tokenId: kept.token.id, toUserId: heir.id })).toEqual({
      ok: true,
      data: { name: "backup", toEmail: heir.email },
    });
    expect(await revokeTeamTokenAction({ tokenId: dropped.token.id })).toEqual({ ok: true, data: { name: "old-backup" } });
    expect(await revokeTeamTokenAction({ tokenId: dropped.token.id })).toEqual({ ok: false, message: OFFBOARDING_MESSAGES.tokenNotFound });
  });
});
