// What scripts/server.mjs refuses before Next.js sees a request, and how it logs a path. Plain
// JavaScript, like the server, so that it runs before anything is compiled.

const TOKEN = /tkc_[A-Za-z0-9]*/gi;
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
  for (let round = 0; round < 3; round++) {
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
  return shown.replace(TOKEN, "tkc_[redacted]").slice(0, 512);
}

/** @param {string} pathname */
const isApi = (pathname) => /^\/v2(\/|$)/.test(decodeLoosely(pathname));

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

/** @param {string} value */
function originOf(value) {
  return URL.canParse(value) ? new URL(value).origin : undefined;
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
 * @param {string} ourOrigin the origin this server computed for the request
 * @returns {Refusal | null}
 */
export function crossOriginAction(request, pathname, ourOrigin) {
  if (request.method !== "POST" || isApi(pathname) || /^\/api(\/|$)/.test(decodeLoosely(pathname))) return null;
  const origin = request.headers.origin;
  if (origin === undefined) return null;
  const sent = typeof origin === "string" ? originOf(origin) : undefined;
  // Ours: the origin this server is known by (PUBLIC_URL, or what trusted proxies say), or, as
  // Next.js checks it, the host the browser addressed (a console reached directly on its port).
  const host = typeof request.headers.host === "string" ? request.headers.host.toLowerCase() : undefined;
  if (sent !== undefined && sent !== "null" && (sent === originOf(ourOrigin) || new URL(sent).host === host)) return null;
  return {
    status: 403,
    headers: { ...NO_STORE, "Content-Type": "text/plain; charset=utf-8" },
    body: "This request comes from another site: it is refused.",
  };
}
