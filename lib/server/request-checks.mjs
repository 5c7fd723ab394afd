// What scripts/server.mjs refuses before Next.js sees a request, and how it logs a path. Plain
// JavaScript, like the server, so that it runs before anything is compiled.
import { TOKEN_PREFIX } from "./token-prefix.mjs";

const TOKEN = new RegExp(`${TOKEN_PREFIX}[A-Za-z0-9]*`, "gi");
const ESCAPES = /(?:%[0-9A-Fa-f]{2})+/g;
const NO_STORE = { "Cache-Control": "no-store" };

/** The path without its query string (which may hold anything). */
export const pathOf = (/** @type {string | undefined} */ url) => (url ?? "/").split("?")[0] || "/";

/**
 * The path with every well-formed escape decoded, again while that changes it (a token escaped
 * twice is still a token to whoever decodes it twice); malformed escapes are left as they are.
 * @param {string} pathname
 */
function decodeLoosely(pathname) {
  let current = pathname;
  // Each round that changes the path shortens it, so this ends; the cap bounds a crafted one.
  for (let round = 0; round < 32; round++) {
    const next = current.replace(ESCAPES, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
    if (next === current) break;
    current = next;
  }
  return current;
}

/**
 * The path as the request log shows it: anything shaped like a token masked, however it was
 * written (`tkc_`, `TKC_`, `tkc%5F`, `%74kc_`...). When only the decoded path holds one, the log
 * shows the decoded path, masked.
 * @param {string | undefined} url
 */
export function safePath(url) {
  const pathname = pathOf(url);
  const decoded = decodeLoosely(pathname);
  const shown = decoded.replace(TOKEN, "") !== decoded ? decoded : pathname;
  return shown.replace(TOKEN, `${TOKEN_PREFIX}[redacted]`).slice(0, 512);
}

/**
 * The path as Next.js routes it: decoded, and with dot segments resolved, so that `/api/../login`
 * (or `/api/%2e%2e/login`) is the page it reaches, not an API path.
 * @param {string} pathname
 * @returns {string}
 */
function routedPath(pathname) {
  const decoded = decodeLoosely(pathname);
  try {
    return new URL(decoded.replace(/^\/*/, "/"), "http://x").pathname;
  } catch {
    return decoded;
  }
}

/** @param {string} pathname */
const isApi = (pathname) => /^\/v2(\/|$)/.test(routedPath(pathname));

/**
 * @typedef {{ status: number, headers: Record<string, string>, body: string }} Refusal
 */

/**
 * A path Next.js cannot decode (`%ZZ`, an overlong or cut-short UTF-8 sequence) makes it answer
 * a plain 500 before any route runs: it is the client's mistake, so a 400, in the API's error
 * shape under /v2.
 * @param {string} pathname
 * @returns {Refusal | null}
 */
export function malformedPath(pathname) {
  // `OPTIONS *` and other targets that are not a path (asterisk- or authority-form): nothing here serves them.
  if (!/^(\/|https?:\/\/)/i.test(pathname)) {
    return {
      status: 400,
      headers: { ...NO_STORE, "Content-Type": "text/plain; charset=utf-8" },
      body: "The request target must be a path.",
    };
  }
  try {
    decodeURIComponent(pathname);
    return null;
  } catch {
    const message = "The request path holds a malformed percent-escape.";
    if (!isApi(pathname)) return { status: 400, headers: { ...NO_STORE, "Content-Type": "text/plain; charset=utf-8" }, body: message };
    const body = { status: "error", message, errors: [{ code: "invalid_input", message }] };
    return { status: 400, headers: { ...NO_STORE, "Content-Type": "application/json" }, body: JSON.stringify(body) };
  }
}

/**
 * The host of an Origin header as Next.js reads it (`new URL(origin).host`, whatever the scheme).
 * @param {string} value
 */
function hostOf(value) {
  return URL.canParse(value) ? new URL(value).host : undefined;
}

// The paths proxy.ts does not run on (its matcher's exclusions, read the same way). No page
// lives there, but Next.js still decodes a form action posted to one, with no guard in front.
const UNGUARDED = /^\/(?:api\/|v2\/|_next\/static|_next\/image|favicon.ico|.*\.png$|.*\.svg$)/;

/**
 * A POST that no route of ours takes: to a path the body guard does not cover (outside /v2,
 * whose route handlers read their own bodies). A 404, as for any path with nothing there.
 * @param {{ method?: string }} request
 * @param {string} pathname
 * @returns {Refusal | null}
 */
export function unguardedPost(request, pathname) {
  if (request.method !== "POST") return null;
  const routed = routedPath(pathname);
  if (isApi(pathname) || !UNGUARDED.test(routed)) return null;
  return { status: 404, headers: { ...NO_STORE, "Content-Type": "text/plain; charset=utf-8" }, body: "Nothing here takes a POST." };
}

/**
 * A POST to a page is a server action (with a Next-Action header once hydrated, a form post
 * before): one from another origin is a forged request. Next.js refuses it too, but with a 500
 * and an error in the log; here it is a 403 before anything is read. A POST without an Origin
 * goes on, as Next.js lets it: browsers send one with every POST, so a request without one is
 * not a browser acting for a signed-in user. /v2 and /api are route handlers, not actions:
 * other programs post there, and an Origin means nothing to them.
 * @param {{ method?: string, headers: Record<string, string | string[] | undefined> }} request
 * @param {string} pathname
 * @returns {Refusal | null}
 */
export function crossOriginAction(request, pathname) {
  if (request.method !== "POST" || isApi(pathname)) return null;
  const origin = request.headers.origin;
  if (origin === undefined) return null;
  // Next.js compares the Origin's host, exactly, with the first X-Forwarded-Host (only a trusted
  // proxy's reaches it: scripts/server.mjs drops a client's) or else the Host header, and aborts
  // the action with a 500 when they differ. The same rule here, so that what it would abort is a
  // 403 before it runs, and nothing it would accept is refused.
  const sent = typeof origin === "string" && origin !== "null" ? hostOf(origin) : undefined;
  const forwarded = request.headers["x-forwarded-host"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded?.split(",")[0])?.trim();
  const host = first || request.headers.host;
  if (sent !== undefined && typeof host === "string" && sent === host) return null;
  return {
    status: 403,
    headers: { ...NO_STORE, "Content-Type": "text/plain; charset=utf-8" },
    body: "This request comes from another site: it is refused.",
  };
}
