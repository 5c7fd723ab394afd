import "server-only";
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import ipaddr from "ipaddr.js";
import { env } from "@/lib/server/config.mjs";
import { isLoopbackHost } from "@/lib/server/loopback.mjs";

// One webhook POST, with the address checked at the connection (issue 29): the host's name is
// resolved once, by the socket's own lookup, and every address it resolves to must be public
// (not loopback, private, link-local, metadata, carrier-grade NAT, multicast or reserved), so a
// name that resolves to 127.0.0.1 is refused, and so is a name that changes its answer between a
// check and the connection (DNS rebinding). Redirects are not followed: a 3xx is a failed
// attempt, so a public URL cannot bounce a delivery to a private one.

export const ATTEMPT_TIMEOUT_MS = 10_000;
/** How much of the receiver's answer the delivery log keeps. */
export const RESPONSE_BYTES_KEPT = 512;

export class RefusedDestination extends Error {}

/** IPv6's global unicast space (2000::/3): ipaddr.js calls the deprecated IPv4-compatible ::a.b.c.d "unicast" too. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3");

/** Whether an address is one webhooks may reach: a public unicast one. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  if (parsed.range() !== "unicast") return false;
  return parsed.kind() === "ipv4" || parsed.match(GLOBAL_UNICAST_V6);
}

const allowPrivate = () => env().WEBHOOK_ALLOW_PRIVATE;

/** Why a destination is refused before anything is sent, or null: the URL's shape and a literal address. */
export function refusedUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Enter a full URL, such as https://hooks.example.com/tokens.";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "Use an http:// or https:// URL.";
  if (url.username || url.password) return "Leave credentials out of the URL: receivers verify the signature instead.";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // A literal address, or a name that is loopback by definition (RFC 6761): said at once, not after a day of retries.
  if ((isLoopbackHost(host) || (net.isIP(host) && !isPublicAddress(host))) && !allowPrivate()) return PRIVATE_REFUSED;
  return null;
}

/** Said of a private destination, whether its URL names one or its name resolves to one at the connection. */
const PRIVATE_REFUSED =
  "The receiver's address is private, loopback, link-local or a metadata address: webhooks go to public addresses only (a server started with WEBHOOK_ALLOW_PRIVATE=1 allows them).";

/** A failed connection in words, its system code kept for whoever reads the log: "connect ECONNREFUSED 10.…" says little to most. */
export function connectionFailure(error: Error & { code?: string }): string {
  const code = error.code ?? "";
  const words: Record<string, string> = {
    ECONNREFUSED: "The connection was refused: nothing listens at that address and port",
    ENOTFOUND: "The host name does not resolve",
    EAI_AGAIN: "The host name could not be resolved just now",
    ECONNRESET: "The receiver closed the connection before answering",
    ETIMEDOUT: "The receiver could not be reached in time",
    EHOSTUNREACH: "The receiver's address cannot be reached",
    ENETUNREACH: "The receiver's network cannot be reached",
  };
  if (words[code]) return `${words[code]} (${code}).`;
  if (/CERT|SSL|TLS/.test(code)) return `The receiver's TLS certificate was not accepted (${code}).`;
  return error.message || "The connection failed.";
}

type Lookup = NonNullable<http.RequestOptions["lookup"]>;

/** The socket's lookup: every address of the name must be public (unless allowed otherwise). */
const guardedLookup: Lookup = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 4);
    const list = addresses as dns.LookupAddress[];
    const refused = !allowPrivate() && list.some((entry) => !isPublicAddress(entry.address));
    if (refused || list.length === 0) return callback(new RefusedDestination(`${hostname} resolves to a private address`), "", 4);
    if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

export type AttemptResult =
  { ok: true; status: number; body: string } | { ok: false; status: number | null; body: string | null; error: string; refused?: boolean };

/** POSTs `body` with `headers` to `url`; resolves with what happened, never throws. */
export function postWebhook(url: string, headers: Record<string, string>, body: string): Promise<AttemptResult> {
  const shape = refusedUrl(url);
  if (shape) return Promise.resolve({ ok: false, status: null, body: null, error: shape, refused: true });
  const target = new URL(url);
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    // A whole attempt's deadline: the socket's idle timeout alone lets a receiver that trickles a
    // byte every few seconds hold an attempt (and the pass) for hours, past its lease.
    const timer: { deadline?: NodeJS.Timeout } = {};
    const done = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer.deadline);
      resolve(result);
    };
    const request = client.request(
      target,
      {
        method: "POST",
        lookup: guardedLookup,
        timeout: ATTEMPT_TIMEOUT_MS,
        headers: { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on("data", (chunk: Buffer) => {
          if (kept < RESPONSE_BYTES_KEPT) {
            chunks.push(chunk);
            kept += chunk.length;
          } else response.destroy();
        });
        const finish = () => {
          const status = response.statusCode ?? 0;
          const text = Buffer.concat(chunks).subarray(0, RESPONSE_BYTES_KEPT).toString("utf8");
          if (status >= 200 && status < 300) done({ ok: true, status, body: text });
          else if (status >= 300 && status < 400)
            done({ ok: false, status, body: text, error: "The receiver answered with a redirect, which is not followed." });
          else done({ ok: false, status, body: text, error: `The receiver answered ${status}.` });
        };
        response.on("end", finish);
        response.on("close", finish);
        response.on("error", finish);
      },
    );
    request.on("timeout", () => request.destroy(new Error(`No answer within ${ATTEMPT_TIMEOUT_MS / 1000} seconds.`)));
    timer.deadline = setTimeout(
      () => request.destroy(new Error(`No full answer within ${ATTEMPT_TIMEOUT_MS / 1000} seconds.`)),
      ATTEMPT_TIMEOUT_MS,
    );
    request.on("error", (error) =>
      done(
        error instanceof RefusedDestination
          ? {
              ok: false,
              status: null,
              body: null,
              error: PRIVATE_REFUSED,
              refused: true,
            }
          : { ok: false, status: null, body: null, error: connectionFailure(error) },
      ),
    );
    request.end(body);
  });
}
