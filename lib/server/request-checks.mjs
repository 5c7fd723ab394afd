// For scripts/server.mjs, before Next.js sees a request: plain JavaScript, so it runs uncompiled.
import { TOKEN_PREFIX } from "./token-prefix.mjs";

// Underscores too: "tkc_tkc_<secret>" must not leave "_<secret>" behind after its first match.
const TOKEN = new RegExp(`${TOKEN_PREFIX}[A-Za-z0-9_]*`, "gi");
// Tested on every API request: no copy of the URL, no global state between calls.
const HAS_PREFIX = new RegExp(TOKEN_PREFIX, "i");
const ESCAPES = /(?:%[0-9A-Fa-f]{2})+/g;
const NO_STORE = { "Cache-Control": "no-store" };

export const pathOf = (/** @type {string | undefined} */ url) => (url ?? "/").split("?")[0] || "/";

/**
 * Decoded again while that changes it: a token escaped twice is still a token to whoever decodes it twice.
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
 * Whether a URL holds something shaped like a token, however it was written: the API refuses
 * such a request (its token has leaked into logs already), as the request log masks it.
 * @param {string} url
 */
export function holdsToken(url) {
  return HAS_PREFIX.test(url) || (url.includes("%") && HAS_PREFIX.test(decodeLoosely(url)));
}

/**
 * Masks a token however it was written (`TKC_`, `tkc%5F`, `%74kc_`...).
 * @param {string | undefined} url
 */
export function safePath(url) {
  const pathname = pathOf(url);
  const decoded = decodeLoosely(pathname);
  const shown = decoded.replace(TOKEN, "") !== decoded ? decoded : pathname;
  return shown.replace(TOKEN, `${TOKEN_PREFIX}[redacted]`).slice(0, 512);
}

/**
 * As Next.js routes it, so that `/api/%2e%2e/login` counts as the page it reaches, not an API path.
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
 * Next.js answers a path it cannot decode (`%ZZ`, broken UTF-8) with a 500; it is the client's mistake.
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
 * As Next.js reads it: `new URL(origin).host`, whatever the scheme.
 * @param {string} value
 */
function hostOf(value) {
  return URL.canParse(value) ? new URL(value).host : undefined;
}

// proxy.ts's matcher exclusions: no page lives there, but Next.js still decodes a form action
// posted to one, with no body check in front.
const UNGUARDED = /^\/(?:api\/|v2\/|_next\/static|_next\/image|favicon.ico|.*\.png$|.*\.svg$)/;

/**
 * /v2's route handlers read their own bodies; other unguarded paths take no POST (404).
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
 * A cross-origin POST to a page is a forged server action. Next.js refuses it with a 500 and a
 * logged error; here it is a 403 before anything is read. No Origin goes on, as in Next.js:
 * browsers send one with every POST. /v2 and /api take posts from other programs.
 * @param {{ method?: string, headers: Record<string, string | string[] | undefined> }} request
 * @param {string} pathname
 * @returns {Refusal | null}
 */
export function crossOriginAction(request, pathname) {
  if (request.method !== "POST" || isApi(pathname)) return null;
  const origin = request.headers.origin;
  if (origin === undefined) return null;
  // Next.js's own rule, so that nothing it would accept is refused: the Origin's host exactly
  // against the first X-Forwarded-Host (scripts/server.mjs drops a client's), else Host.
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
