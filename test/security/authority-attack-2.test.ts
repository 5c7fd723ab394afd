import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as accountInfo } from "@/app/v2/account/info/route";
import { GET as forwardAuth } from "@/app/v2/auth/forward/route";
import { flushTokenUses, notePermissionUse } from "@/lib/dal/last-used";
import { forgetObservedResources, permissionUses } from "@/lib/dal/token-permissions";
import type { SessionUser } from "@/lib/dal/users";
import { narrowingOf } from "@/lib/permissions";
import { db } from "@/lib/server/db";
import { CLIENT_IP_HEADER, VIA_PROXY_HEADER } from "@/lib/server/client-address.mjs";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";
import { fastRequest } from "@/scripts/api.mjs";
import { freshIp } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

// The second attack on the token authority: the /v2 router's own view of a request's headers
// (scripts/api.mjs), and what forward auth's answers teach narrowing.

let alice: SessionUser;
let mallory: SessionUser;
beforeAll(async () => {
  alice = await makeUser();
  mallory = await makeUser();
});

/** The raw request, as a client writes it (two headers of one name among them), through the router's Request. */
async function rawThroughRouter(head: string): Promise<number> {
  const listener = getRequestListener(
    (request, env) => accountInfo(fastRequest(request, env.incoming as http.IncomingMessage), { params: Promise.resolve({}) }),
    {
      overrideGlobalObjects: false,
    },
  );
  const server = http.createServer((request, response) => {
    request.headers[CLIENT_IP_HEADER] = freshIp();
    request.headers[VIA_PROXY_HEADER] = "0";
    void listener(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const answer = await new Promise<string>((resolve, reject) => {
      // Written, not ended: a half-closed client may lose an answer that takes a database round
      // trip (PostgreSQL); Connection: close ends the exchange once the answer is out.
      const socket = net.connect(port, "127.0.0.1", () => socket.write(`${head}Host: console.test\r\nConnection: close\r\n\r\n`));
      let text = "";
      socket.on("data", (chunk) => (text += chunk.toString()));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    return Number(answer.split(" ")[1]);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe("two Authorization headers are no credential", () => {
  // Node.js keeps only the first Authorization in incoming.headers; the router's headers read it
  // there, so "Authorization: Bearer <good>" then "Authorization: Bearer junk" was the good
  // token's request, where a WHATWG Headers (and a proxy, or the service behind it, that reads
  // the last copy) sees another.
  it("refuses a good token followed by another", async () => {
    const { secret } = await makeToken(alice, "dup-auth", "WRITE");
    expect(await rawThroughRouter(`GET /v2/account/info HTTP/1.1\r\nAuthorization: Bearer ${secret}\r\n`)).toBe(200);
    expect(
      await rawThroughRouter(`GET /v2/account/info HTTP/1.1\r\nAuthorization: Bearer ${secret}\r\nauthorization: Bearer tkc_other\r\n`),
    ).toBe(401);
  });
});

describe("another user's forward-auth questions do not narrow a token", () => {
  // narrowing counts a resource's "not used" only once forward auth has answered for it; the route
  // rules are the whole platform's and a proxy in front of any one service asks about whatever
  // path a client sends it, so anyone's token could make a resource "seen", and another user's
  // "Remove unused permissions" then dropped what a service checks by introspection.
  it("keeps Alice's introspection-checked SSL permission when Mallory's token asks for /v2/certificates", async () => {
    const victim = await makeToken(alice, "ssl-by-introspection", "CUSTOM", ["ssl:read", "account:read"]);
    notePermissionUse(victim.token.id, "account:read", Date.now());
    await flushTokenUses();
    const before = async () => {
      forgetObservedResources();
      const uses = await permissionUses(db, {
        id: victim.token.id,
        ownerId: alice.id,
        scope: "CUSTOM",
        permissions: ["ssl:read", "account:read"],
      });
      return narrowingOf(uses, Date.now(), resourceCatalogue());
    };
    expect((await before()).kept).toContain("ssl:read");

    const attacker = await makeToken(mallory, "asks-for-ssl", "WRITE");
    const response = await forwardAuth(
      new Request("http://console.test/v2/auth/forward", {
        headers: {
          [CLIENT_IP_HEADER]: freshIp(),
          [VIA_PROXY_HEADER]: "1",
          authorization: `Bearer ${attacker.secret}`,
          "x-original-method": "GET",
          "x-original-uri": "/v2/certificates/example.com",
        },
      }),
    );
    expect(response.status).toBe(200);
    await flushTokenUses();
    expect((await before()).kept).toContain("ssl:read");
  });
});
