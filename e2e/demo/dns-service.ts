// The authority story's protected service: a small "DNS service" on 127.0.0.1, reached only
// through nginx and its forward auth. It answers GET /v2/dns/zones with its zones and the token
// nginx said asked (X-Token-Id, X-Token-User, X-Token-Permissions, set from the console's
// answer), a write with what it would have done, and records every request it gets, so that a
// step can check that a refused one never reached it.
import http from "node:http";
import { serveOnLoopback } from "../support/proxies";

export type DnsRequest = { method: string; path: string; tokenId: string | null };

export const ZONES = ["example.com", "example.org", "ada-lovelace.dev"];

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(", ") : (value ?? null));

export async function startDnsService(port: number) {
  const requests: DnsRequest[] = [];
  const server = http.createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const path = request.url ?? "";
      requests.push({ method: request.method ?? "", path, tokenId: header(request.headers["x-token-id"]) });
      const servedFor = {
        token_id: header(request.headers["x-token-id"]),
        token_user: header(request.headers["x-token-user"]),
        permissions: header(request.headers["x-token-permissions"])?.split(" ") ?? [],
      };
      const [status, body] =
        path.split("?")[0] === "/v2/dns/zones"
          ? request.method === "POST"
            ? [201, { service: "dns", created: true, served_for: servedFor }]
            : [200, { service: "dns", zones: ZONES, served_for: servedFor }]
          : [404, { service: "dns", error: "not_found" }];
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
  });
  return { ...(await serveOnLoopback(server, port)), requests };
}

export type DnsService = Awaited<ReturnType<typeof startDnsService>>;
