import { expect, it, vi } from "vitest";

// The check of a Custom token on the hot path: the one lookup every request makes, no read of its
// permission uses, and last use noted off the request's path (lib/dal/last-used.ts).
vi.hoisted(() => {
  process.env.API_REQUESTS_PER_TOKEN_PER_MINUTE = "1000000";
});
vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
import { fastSql } from "@/lib/dal/sql";
import { db } from "@/lib/server/db";
import { call } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

it("a Custom token's check reads one row, writes nothing on the request's path", async () => {
  const user = await makeUser();
  const { secret } = await makeToken(user, "hot", "CUSTOM", ["api_keys:read"]);
  const byHash = vi.spyOn(fastSql, "tokenByHash");
  const touch = vi.spyOn(fastSql, "touchTokens");
  const findMany = vi.spyOn(db.tokenPermissionUse, "findMany");
  for (let i = 0; i < 20; i++) expect((await call("GET", "/api", { token: secret })).status).toBe(200);
  expect(byHash).toHaveBeenCalledTimes(20);
  expect(touch).not.toHaveBeenCalled();
  expect(findMany).not.toHaveBeenCalled();
});
