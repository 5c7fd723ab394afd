import { describe, expect, it, vi } from "vitest";

// The database server out of reach (PostgreSQL stopped or failing over): a port nothing listens on.
vi.hoisted(() => {
  process.env.DATABASE_URL = "postgresql://console@127.0.0.1:1/console";
});

import { generateToken } from "@/lib/server/token-format";
import { call } from "@/test/api-client";

describe("with the database out of reach", () => {
  it("the API answers 503 with Retry-After and code unavailable, not 500; junk tokens still get 401 without it", async () => {
    const { token } = generateToken(); // well formed: it needs the database to be judged
    const answer = await call("GET", "/account/info", { token });
    expect(answer.status).toBe(503);
    expect(answer.headers.get("retry-after")).toBe("5");
    expect(answer.json).toMatchObject({ status: "error", errors: [{ code: "unavailable" }] });
    expect((await call("GET", "/api", { token: "junk" })).status).toBe(401);
  });
});
