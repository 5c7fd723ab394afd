// For scripts/server.mjs, before Next.js sees a request: plain JavaScript, so it runs uncompiled.
import { TOKEN_PREFIX } from "./token-prefix.mjs";

// Underscores too: "tkc_tkc_<secret>" must not leave "_<secret>" behind after its first match. An
// escaped byte of 0x80 or more may sit inside: a decoder that drops bytes that are not UTF-8 hands
// the token on all the same, and a reader of the log sees it through them.
const HIGH = "%[89A-Fa-f][0-9A-Fa-f]";
const PREFIX = [...TOKEN_PREFIX].join(`(?:${HIGH})*`);
const TOKEN = new RegExp(`${PREFIX}(?:[A-Za-z0-9_]|${HIGH})*`, "gi");
// Tested on every API request: no copy of the URL, no lastIndex carried between calls.
const HAS_PREFIX = new RegExp(PREFIX, "i");
const ASCII_ESCAPES = /(?:%[0-7][0-9A-Fa-f])+/g;
const NO_STORE = { "Cache-Control": "no-store" };

export const pathOf = (/** @type {string | undefined} */ url) => (url ?? "/").split("?")[0] || "/";

// safePath, then malformedPath or the POST checks, decode the same path for one request.
let last = { given: "", decoded: "" };

/**
 * ASCII escapes decoded, and again while that changes the path: a token escaped twice is still a
 * token to whoever decodes it twice. A byte below 0x80 is a whole UTF-8 character, so a run of them
 * cannot throw and decodes whatever its neighbours (`%FF%74kc_`): no try/catch per run, one regex
 * pass per round. Other bytes stay escaped: nothing these checks look for is written with them.
 * @param {string} pathname
 */
function decodeAscii(pathname) {
  if (pathname === last.given) return last.decoded;
  let current = pathname;
  // Each round that changes the path shortens it, so this ends; the cap bounds a crafted one.
  for (let round = 0; round < 32; round++) {
    const next = current.replace(ASCII_ESCAPES, (run) => decodeURIComponent(run));
    if (next === current) break;
    current = next;
  }
  last = { given: pathname, decoded: current };
  return current;
}

/**
 * Whether a URL holds something shaped like a token, however it was written: the API refuses
 * such a request (its token has leaked into logs already), as the request log masks it.
 * @param {string} url
 */
export function holdsToken(url) {
  return HAS_PREFIX.test(url) || (url.includes("%") && HAS_PREFIX.test(decodeAscii(url)));
}

/**
 * Masks a token however it was written (`TKC_`, `tkc%5F`, `%74kc_`, `%FF%74kc_`...).
 * @param {string | undefined} url
 */
export function safePath(url) {
  const pathname = pathOf(url);
  const decoded = decodeAscii(pathname);
  const shown = HAS_PREFIX.test(decoded) ? decoded : pathname;
  return shown.replace(TOKEN, `${TOKEN_PREFIX}[redacted]`).slice(0, 512);
}

/**
 * As Next.js routes it, so that `/api/%2e%2e/login` counts as the page it reaches, not an API path.
 * ASCII is enough: no other byte makes a path the API's or a page's, and `new URL` escapes it again.
 * @param {string} pathname
 * @returns {string}
 */
function routedPath(pathname) {
  const decoded = decodeAscii(pathname);
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

// Single sign-on's start (app/api/auth/[...nextauth]/route.ts): a form of next-auth's, with its
// own CSRF token, small, and answered 404 unless single sign-on is set up.
const SIGN_ON_START = /^\/api\/auth\/signin\/oidc$/;

/**
 * /v2's route handlers read their own bodies, as single sign-on's start does; other unguarded
 * paths take no POST (404).
 * @param {{ method?: string }} request
 * @param {string} pathname
 * @returns {Refusal | null}
 */
export function unguardedPost(request, pathname) {
  if (request.method !== "POST") return null;
  const routed = routedPath(pathname);
  if (isApi(pathname) || SIGN_ON_START.test(routed) || !UNGUARDED.test(routed)) return null;
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
