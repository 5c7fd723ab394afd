import http from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/v2/auth/forward/route";
import { MAX_BODY_BYTES, readBody } from "@/lib/api/body";
import { errorBody } from "@/lib/api/schemas";
import type { SessionUser } from "@/lib/dal/users";
import { CLIENT_IP_HEADER, FORWARDED_HEADERS, ORIGIN_HEADER, syncRawHeaders, VIA_PROXY_HEADER } from "@/lib/server/client-address.mjs";
import { freshIp } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

// The attack on the authentication core of issue 25 (forward auth, introspection), in process.

/** What the console is asked by a trusted proxy, with the headers as they reach it. */
async function forward(headers: Record<string, string>, token?: string) {
  const sent: Record<string, string> = { host: "console.test", [CLIENT_IP_HEADER]: freshIp(), [VIA_PROXY_HEADER]: "1", ...headers };
  if (token) sent.authorization = `Bearer ${token}`;
  const response = await GET(new Request("http://console.test/v2/auth/forward", { method: "GET", headers: sent }));
  const text = await response.text();
  const json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  if (response.status >= 400) expect(errorBody.parse(json)).toEqual(json);
  return { status: response.status, json };
}

let alice: SessionUser;
let dnsReader: string;
beforeAll(async () => {
  alice = await makeUser();
  dnsReader = (await makeToken(alice, "dns-reader", "CUSTOM", ["dns:read"])).secret;
});

describe("forward auth: the original request is the proxy's, never the client's", () => {
  // Caddy's forward_auth and Traefik's ForwardAuth set X-Forwarded-Method and X-Forwarded-Uri and
  // pass every other header of the client's on, X-Original-* among them; nginx's snippet sets
  // X-Original-* and passes a client's X-Forwarded-* on. A client that adds the other pair must
  // not choose the request the console judges.
  it("refuses a client's X-Original-* beside Caddy's X-Forwarded-* (a dns:read token would DELETE a server)", async () => {
    const answer = await forward(
      {
        "x-forwarded-method": "DELETE",
        "x-forwarded-uri": "/v2/cloud/servers/1",
        "x-original-method": "GET",
        "x-original-uri": "/v2/dns/zones",
      },
      dnsReader,
    );
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ errors: [{ code: "invalid_request" }] });
  });

  it("refuses a client's X-Forwarded-* beside nginx's X-Original-*", async () => {
    const answer = await forward(
      {
        "x-original-method": "DELETE",
        "x-original-uri": "/v2/cloud/servers/1",
        "x-forwarded-method": "GET",
        "x-forwarded-uri": "/v2/dns/zones",
      },
      dnsReader,
    );
    expect(answer.status).toBe(400);
  });

  it("refuses a method from one pair and a URI from the other", async () => {
    const answer = await forward({ "x-original-method": "GET", "x-forwarded-uri": "/v2/dns/zones" }, dnsReader);
    expect(answer.status).toBe(400);
  });

  it("still answers either pair alone, and both pairs when they agree", async () => {
    const pairs: Record<string, string>[] = [
      { "x-original-method": "GET", "x-original-uri": "/v2/dns/zones" },
      { "x-forwarded-method": "GET", "x-forwarded-uri": "/v2/dns/zones" },
      { "x-original-method": "GET", "x-original-uri": "/v2/dns/zones", "x-forwarded-method": "GET", "x-forwarded-uri": "/v2/dns/zones" },
    ];
    for (const headers of pairs) expect((await forward(headers, dnsReader)).status, JSON.stringify(headers)).toBe(200);
  });
});

describe("the /v2 router sees our server's headers, never the client's copies, after a body is read", () => {
  // scripts/server.mjs sets the client's address in request.headers; @hono/node-server (the /v2
  // router's adapter, scripts/api.mjs) builds its Headers from rawHeaders once anything reads the
  // body, so a route that read its JSON and then its requestMeta() recorded the client's own
  // "x-token-console-client-ip" in the audit log (POST /v2/api/generate: token.created from 6.6.6.6).
  async function seen(sync: boolean) {
    const listener = getRequestListener(
      async (request) => {
        await readBody(request, MAX_BODY_BYTES); // as every /v2 route reads its body
        const names = [CLIENT_IP_HEADER, VIA_PROXY_HEADER, ORIGIN_HEADER, "x-request-id", "x-forwarded-for"];
        return Response.json(Object.fromEntries(names.map((name) => [name, request.headers.get(name)])));
      },
      { overrideGlobalObjects: false },
    );
    const server = http.createServer((request, response) => {
      // As scripts/server.mjs does for a client that is no trusted proxy.
      request.headers[CLIENT_IP_HEADER] = "192.0.2.7";
      request.headers[VIA_PROXY_HEADER] = "0";
      request.headers[ORIGIN_HEADER] = "http://console.test";
      request.headers["x-request-id"] = "ours";
      for (const name of FORWARDED_HEADERS) delete request.headers[name];
      if (sync) syncRawHeaders(request, [CLIENT_IP_HEADER, ORIGIN_HEADER, VIA_PROXY_HEADER, "x-request-id"], FORWARDED_HEADERS);
      void listener(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/v2/api/generate`, {
        method: "POST",
        headers: {
          [CLIENT_IP_HEADER]: "6.6.6.6",
          [VIA_PROXY_HEADER]: "1",
          [ORIGIN_HEADER]: "http://evil.test",
          "x-request-id": "theirs",
          "x-forwarded-for": "7.7.7.7",
          "content-type": "application/json",
        },
        body: "{}",
      });
      return (await response.json()) as Record<string, string | null>;
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }

  it("hands the router our values only", async () => {
    expect(await seen(true)).toEqual({
      [CLIENT_IP_HEADER]: "192.0.2.7",
      [VIA_PROXY_HEADER]: "0",
      [ORIGIN_HEADER]: "http://console.test",
      "x-request-id": "ours",
      "x-forwarded-for": null,
    });
  });

  it("(the adapter alone reads the client's copies: why the server must sync rawHeaders)", async () => {
    expect((await seen(false))[CLIENT_IP_HEADER]).toBe("6.6.6.6");
  });
});

describe("forward auth: a path the service behind may read as another rule's", () => {
  let cloudWriter: string;
  beforeAll(async () => {
    cloudWriter = (await makeToken(alice, "cloud-writer", "CUSTOM", ["cloud:write"])).secret;
  });

  it("refuses a path parameter that hides a more specific rule (Tomcat, Jetty and Spring drop ';x=1')", async () => {
    // DELETE /v2/cloud/1/snapshot/2 needs snapshots:write; with ";x=1" the rules read cloud:write.
    for (const uri of ["/v2/cloud/1/snapshot;x=1/2", "/v2/cloud/1/snapshot%3Bx/2", "/v2/cloud/1/snapshot;/2"]) {
      const answer = await forward({ "x-original-method": "DELETE", "x-original-uri": uri }, cloudWriter);
      expect(answer.status, uri).toBe(400);
    }
    // A parameter that changes nothing is no matter.
    const same = await forward({ "x-original-method": "DELETE", "x-original-uri": "/v2/cloud/1;jsessionid=a/reboot" }, cloudWriter);
    expect(same.status).toBe(200);
  });

  it("refuses a fragment, which nginx hands on as it is (a Go service cleans /v2/dns/x#/../../cloud to /v2/cloud)", async () => {
    const answer = await forward({ "x-original-method": "GET", "x-original-uri": "/v2/dns/x#/../../cloud/servers" }, dnsReader);
    expect(answer.status).toBe(400);
  });
});
