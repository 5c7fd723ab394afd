import { describe, expect, it } from "vitest";
import { GET } from "@/app/v2/auth/forward/route";
import { createToken } from "@/lib/dal/tokens";
import { CLIENT_IP_HEADER, VIA_PROXY_HEADER } from "@/lib/server/client-address.mjs";
import { call, freshIp } from "@/test/api-client";
import { inTeam, makeAdmin, makeTeam, makeToken, makeUser, TEST_CONTEXT } from "@/test/fixtures";

// Attack 3 on team tokens: what a service behind forward auth or introspection is told about
// whose token it is. A team token told it "its creator", so any member holding it acted upstream
// as that person (their personal resources there), and as whoever it was handed over to next.
// A team token names its owner, the team, as a personal token names its owner.

async function forward(secret: string) {
  const request = new Request("http://console.test/v2/auth/forward", {
    method: "GET",
    headers: {
      host: "console.test",
      [CLIENT_IP_HEADER]: freshIp(),
      [VIA_PROXY_HEADER]: "1",
      authorization: `Bearer ${secret}`,
      "x-original-method": "GET",
      "x-original-uri": "/v2/dns/zones",
    },
  });
  return GET(request);
}

describe("a team token's identity downstream", () => {
  it("is its team in forward auth's X-Token-User and in introspection's sub, never its creator", async () => {
    const [creator, member] = await Promise.all([makeUser(), makeUser()]);
    const team = await makeTeam([
      [creator, "owner"],
      [member, "member"],
    ]);
    const made = await createToken(inTeam(creator, team), { name: "team-dns", scope: "CUSTOM", permissions: ["dns:read"] }, TEST_CONTEXT);
    if (!made.ok) throw new Error(made.reason);

    const answer = await forward(made.secret);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("x-token-user")).toBe(team.id);
    expect(answer.headers.get("x-token-team")).toBe(team.id);

    const admin = await makeAdmin();
    const introspector = (await makeToken(admin, "introspector-3", "CUSTOM", ["tokens:introspect"])).secret;
    const described = await call("POST", "/tokens/introspect", {
      token: introspector,
      rawBody: new URLSearchParams({ token: made.secret }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(described.status).toBe(200);
    expect(described.json).toMatchObject({ active: true, sub: team.id });

    // A personal token still names its owner, and no team.
    const personal = await makeToken(creator, "personal-dns", "CUSTOM", ["dns:read"]);
    const own = await forward(personal.secret);
    expect(own.headers.get("x-token-user")).toBe(creator.id);
    expect(own.headers.get("x-token-team")).toBeNull();
  });
});
