import { describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

import {
  createTokenAction,
  deleteTokenAction,
  editTokenAction,
  rollTokenAction,
  tokenDetailsAction,
  tokenRequestsAction,
  tokenUsageAction,
} from "@/app/(dashboard)/api-tokens/actions";
import { createToken } from "@/lib/dal/tokens";
import { db } from "@/lib/server/db";
import { actAs, inTeam, makeTeam, makeToken, makeUser, TEST_CONTEXT } from "@/test/fixtures";

// Attacks on team tokens through the console's actions (issue 27): another team's id, a forged
// or malformed team id, a token id of another team or person, a removed member's session.

const createInput = (name: string, scope = "WRITE") => ({ name, scope, expiration: "never", description: "", allowedIps: "" });

async function twoTeams() {
  const [alice, bob, mallory] = await Promise.all([makeUser(), makeUser(), makeUser()]);
  const red = await makeTeam([[alice, "owner"]]);
  const blue = await makeTeam([
    [bob, "owner"],
    [mallory, "admin"],
  ]);
  const redToken = await createToken(inTeam(alice, red), { name: "red-ci", scope: "WRITE" }, TEST_CONTEXT);
  if (!redToken.ok) throw new Error(redToken.reason);
  return { alice, bob, mallory, red, blue, redId: redToken.token.id };
}

describe("team token actions under attack", () => {
  it("refuse another team's id, and another team's token id named under one's own team", async () => {
    const { mallory, red, blue, redId } = await twoTeams();
    await actAs(mallory);
    // Mallory is an admin of blue and nothing of red.
    const created = await createTokenAction({ ...createInput("planted"), teamId: red.id });
    expect(created.ok).toBe(false);
    expect(await db.apiToken.count({ where: { ownerId: red.id } })).toBe(1);
    for (const teamId of [red.id, blue.id, undefined]) {
      const input = { id: redId, ...(teamId ? { teamId } : {}) };
      expect((await deleteTokenAction(input)).ok).toBe(false);
      expect((await rollTokenAction({ ...input, overlapSeconds: 0 })).ok).toBe(false);
      expect((await tokenDetailsAction(input)).ok).toBe(false);
      expect((await tokenUsageAction({ ...input, window: "24h" })).ok).toBe(false);
      expect((await tokenRequestsAction(input)).ok).toBe(false);
      expect((await editTokenAction({ ...input, name: "mine-now" })).ok).toBe(false);
    }
    const untouched = await db.apiToken.findUniqueOrThrow({ where: { id: redId }, select: { name: true, tokenHash: true } });
    expect(untouched.name).toBe("red-ci");
    expect(await db.auditEvent.count({ where: { targetTokenId: redId, action: { not: "token.created" } } })).toBe(0);
  });

  it("refuse a team id of the wrong shape or type, changing nothing", async () => {
    const { alice, red } = await twoTeams();
    await actAs(alice);
    const before = await db.apiToken.count();
    for (const teamId of ["../admin", "%2e%2e", `${red.id}\u0000`, "x".repeat(65), 42, { id: red.id }, [red.id], null]) {
      const answer = await createTokenAction({ ...createInput(`odd-${String(teamId).length}`), teamId });
      expect(answer.ok).toBe(false);
    }
    expect(await db.apiToken.count()).toBe(before);
    // The right id works: the refusals above were about the id.
    expect((await createTokenAction({ ...createInput("red-deploy"), teamId: red.id })).ok).toBe(true);
    expect(await db.apiToken.count({ where: { ownerId: red.id } })).toBe(2);
  });

  it("end a removed member's reach at once, with the session they still hold", async () => {
    const { alice, bob, red, redId } = await twoTeams();
    await db.teamMember.create({ data: { teamId: red.id, userId: bob.id, role: "admin" } });
    await actAs(bob);
    expect((await tokenDetailsAction({ id: redId, teamId: red.id })).ok).toBe(true);
    await db.teamMember.delete({ where: { teamId_userId: { teamId: red.id, userId: bob.id } } });
    expect((await tokenDetailsAction({ id: redId, teamId: red.id })).ok).toBe(false);
    expect((await deleteTokenAction({ id: redId, teamId: red.id })).ok).toBe(false);
    expect((await createTokenAction({ ...createInput("after-removal"), teamId: red.id })).ok).toBe(false);
    expect(await db.apiToken.count({ where: { ownerId: red.id } })).toBe(1);
    // The owner still reaches it.
    await actAs(alice);
    expect((await tokenDetailsAction({ id: redId, teamId: red.id })).ok).toBe(true);
  });

  it("keep a person's own tokens out of every team context", async () => {
    const { alice, red } = await twoTeams();
    const own = await makeToken(alice, "alice-own", "WRITE");
    await actAs(alice);
    expect((await deleteTokenAction({ id: own.token.id, teamId: red.id })).ok).toBe(false);
    expect((await tokenDetailsAction({ id: own.token.id, teamId: red.id })).ok).toBe(false);
    expect((await deleteTokenAction({ id: own.token.id })).ok).toBe(true);
  });
});
