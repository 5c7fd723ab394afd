import { beforeAll, describe, expect, it, vi } from "vitest";

// Mail set up (nothing listens: notices are only written here, in the change's transaction).
vi.hoisted(() => {
  process.env.SMTP_URL = "smtp://127.0.0.1:9";
  process.env.MAIL_FROM = "Token Console <tokens@console.test>";
});

import { disableAccount, revokeTeamToken } from "@/lib/dal/offboarding";
import { warnOfNewAddresses } from "@/lib/dal/address-notices";
import { scanExpiryNotices } from "@/lib/dal/notifications";
import { revokeTokenAsAdmin } from "@/lib/dal/tokens";
import type { SessionUser } from "@/lib/dal/users";
import { db } from "@/lib/server/db";
import { makeAdmin, makeUser, TEST_CONTEXT } from "@/test/fixtures";
import { makeTeam, makeTeamToken } from "@/test/team-fixtures";

// Offboarding's Revoke of a team token an offboarded person made used to tell nobody; routed
// through All Tokens' revoke, it mailed the disabled account ("An administrator revoked your API
// token …") and left it a notice: the person who has left learns of the team's tokens and of
// what its admins do after they left. A disabled account is told nothing; an active one still is.

let admin: SessionUser;
let leaver: SessionUser;
let colleague: SessionUser;
beforeAll(async () => {
  admin = await makeAdmin();
  leaver = await makeUser();
  colleague = await makeUser();
});

const toldTo = async (user: SessionUser) => ({
  mails: await db.notification.count({ where: { email: user.email, kind: "token.revoked" } }),
  notices: await db.revocationNotice.count({ where: { userId: user.id } }),
});

describe("an admin's revoke of a team token", () => {
  it("tells a disabled creator nothing, by offboarding's Revoke or by All Tokens'", async () => {
    const team = await makeTeam("Notices", [
      [leaver, "admin"],
      [colleague, "owner"],
    ]);
    const first = await makeTeamToken(leaver, team, "deploys");
    const second = await makeTeamToken(leaver, team, "backups");
    expect(await disableAccount(admin, { id: leaver.id }, TEST_CONTEXT)).toMatchObject({ ok: true });
    expect(await revokeTeamToken(admin, first.token.id, TEST_CONTEXT)).toMatchObject({ ok: true });
    expect(await revokeTokenAsAdmin(admin, second.token.id, TEST_CONTEXT)).not.toBeNull();
    expect(await toldTo(leaver)).toEqual({ mails: 0, notices: 0 });
  });

  it("a team token a disabled creator made mails them nothing more: not its expiry, not a new address using it", async () => {
    const team = await makeTeam("Notices kept", [
      [leaver, "admin"],
      [colleague, "owner"],
    ]);
    // Made before they left (disabled above, in the first case): kept, as offboarding keeps team tokens.
    const kept = await makeTeamToken(colleague, team, "kept-after-leaving");
    const now = new Date();
    await db.apiToken.update({
      where: { id: kept.token.id },
      data: {
        userId: leaver.id,
        createdAt: new Date(now.getTime() - 30 * 86_400_000),
        expiresAt: new Date(now.getTime() + 3 * 86_400_000),
      },
    });
    await scanExpiryNotices(now);
    await warnOfNewAddresses([{ tokenId: kept.token.id, network: "198.51.100.0/24", ip: "198.51.100.7", client: "curl", at: now }], now);
    expect(await db.notification.count({ where: { email: leaver.email, tokenId: kept.token.id } })).toBe(0);
  });

  it("still tells an active creator", async () => {
    const team = await makeTeam("Notices active", [[colleague, "owner"]]);
    const made = await makeTeamToken(colleague, team, "reports");
    expect(await revokeTeamToken(admin, made.token.id, TEST_CONTEXT)).toMatchObject({ ok: true });
    expect(await toldTo(colleague)).toEqual({ mails: 1, notices: 1 });
  });
});
