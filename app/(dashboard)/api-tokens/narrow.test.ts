import { beforeAll, describe, expect, it, vi } from "vitest";

// Remove unused permissions, called as the details panel calls it: the real session, the real
// DAL and database; only Next's request scope is stood in for (test/next-request.ts).
vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));

import { narrowTokenAction, tokenDetailsAction } from "@/app/(dashboard)/api-tokens/actions";
import { flushTokenUses, notePermissionUse } from "@/lib/dal/last-used";
import type { SessionUser } from "@/lib/dal/users";
import { MESSAGES } from "@/lib/model";
import { narrowingOf } from "@/lib/permissions";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";
import { db } from "@/lib/server/db";
import { actAs, makeToken, makeUser } from "@/test/fixtures";
import { fromClient } from "@/test/next-request";

let owner: SessionUser;
let other: SessionUser;
beforeAll(async () => {
  owner = await makeUser({ email: "owner@narrow.test" });
  other = await makeUser({ email: "other@narrow.test" });
  fromClient("198.51.100.9", { "x-return-to": "/api-tokens" });
});

/** The token's details as the panel reads them, and what the panel would list as going. */
async function panel(id: string) {
  const details = await tokenDetailsAction({ id });
  if (!details.ok) throw new Error(details.message);
  return { details: details.data, ...narrowingOf(details.data.permissionUses, Date.now(), resourceCatalogue()) };
}

describe("narrowTokenAction", () => {
  it("narrows a Write token to what it used, exactly what the panel listed going, and records it", async () => {
    await actAs(owner);
    const { token } = await makeToken(owner, "used-for-account", "WRITE");
    notePermissionUse(token.id, "account:read", Date.now());
    notePermissionUse(token.id, "dns:write", Date.now());
    await flushTokenUses();
    const shown = await panel(token.id);
    // The console's own permissions go when unused; the platform's, whose use it does not see, stay.
    expect(shown.removing).toEqual(["account:write", "api_keys:read", "api_keys:write"]);
    expect(shown.kept).toEqual(expect.arrayContaining(["account:read", "dns:read", "dns:write", "vpc:write"]));

    const narrowed = await narrowTokenAction({ id: token.id, removing: shown.removing });
    expect(narrowed).toMatchObject({ ok: true, data: { removed: shown.removing } });
    const after = await panel(token.id);
    expect(after.details.scope).toBe("CUSTOM");
    expect(after.details.permissions).toEqual(shown.kept);
    expect(after.removing).toEqual([]);
    const event = await db.auditEvent.findFirst({ where: { action: "token.permissions_narrowed", targetTokenId: token.id } });
    expect(event).toMatchObject({ actorUserId: owner.id, targetTokenScope: "CUSTOM", targetTokenPermissions: shown.kept.join(",") });
  });

  it("changes nothing when what would go is not what the confirmation listed", async () => {
    await actAs(owner);
    const { token } = await makeToken(owner, "used-since", "READ_ONLY");
    notePermissionUse(token.id, "account:read", Date.now());
    await flushTokenUses();
    const shown = await panel(token.id);
    // A use since the list was shown: what goes is less than the list.
    notePermissionUse(token.id, "api_keys:read", Date.now());
    await flushTokenUses();
    expect(await narrowTokenAction({ id: token.id, removing: shown.removing })).toEqual({ ok: false, message: MESSAGES.narrowChanged });
    expect((await panel(token.id)).details.scope).toBe("READ_ONLY");
  });

  it("refuses a token that used nothing, another user's token, and a caller without a session", async () => {
    await actAs(owner);
    const { token } = await makeToken(owner, "never-used", "CUSTOM", ["account:read", "api_keys:read"]);
    const shown = await panel(token.id);
    expect(await narrowTokenAction({ id: token.id, removing: shown.removing })).toEqual({ ok: false, message: MESSAGES.tokenUnused });

    await actAs(other);
    expect(await narrowTokenAction({ id: token.id, removing: shown.removing })).toEqual({ ok: false, message: MESSAGES.tokenNotFound });
    await actAs(null);
    expect(await narrowTokenAction({ id: token.id, removing: [] })).toMatchObject({ ok: false, message: MESSAGES.sessionEnded });
    expect(await db.apiToken.findUnique({ where: { id: token.id }, select: { scope: true } })).toEqual({ scope: "CUSTOM" });
  });
});
