import { describe, expect, it } from "vitest";
import { createToken } from "@/lib/dal/tokens";
import { countExpiringSoon, listTokensForAdmin } from "@/lib/dal/token-listing";
import { makeAdmin, makeUser, TEST_CONTEXT } from "@/test/fixtures";

const DAY = 86_400_000;

describe("expiry in the listings", () => {
  it("the admin filters expiring (within 7 days) and expired tokens; the owner's notice counts the expiring", async () => {
    const admin = await makeAdmin();
    const owner = await makeUser();
    const now = Date.now();
    const make = async (name: string, expiresAt: Date | null) => {
      const made = await createToken(owner, { name, scope: "READ_ONLY", expiresAt }, TEST_CONTEXT);
      if (!made.ok) throw new Error(made.reason);
    };
    await make("gone", new Date(now - DAY));
    await make("soon", new Date(now + 3 * DAY));
    await make("later", new Date(now + 30 * DAY));
    await make("forever", null);
    const names = async (expiry: "" | "expiring" | "expired") =>
      (
        await listTokensForAdmin(admin, {
          owner: owner.email,
          team: "",
          q: "",
          expiry,
          scope: "",
          permission: "",
          sort: "name",
          dir: "asc",
          page: 1,
        })
      ).rows.map((row) => row.name);
    expect(await names("expired")).toEqual(["gone"]);
    expect(await names("expiring")).toEqual(["soon"]);
    expect(await names("")).toEqual(["forever", "gone", "later", "soon"]);
    expect(await countExpiringSoon(owner)).toBe(1);
    const soon = (
      await listTokensForAdmin(admin, {
        owner: owner.email,
        team: "",
        q: "soon",
        expiry: "",
        scope: "",
        permission: "",
        sort: "name",
        dir: "asc",
        page: 1,
      })
    ).rows[0]!;
    expect(Date.parse(soon.expiresAt!)).toBeGreaterThan(now + 2.9 * DAY);
  });
});
