// @ts-check
// Route rules: which permission a request to the platform needs (issue 25). Each resource of
// PERMISSIONS_FILE may carry rules such as {"method": "GET", "path": "/v2/dns/**", "action": "read"};
// a request is matched against all of them, the most specific rule wins, and a request no rule
// matches is refused (deny by default). Forward auth runs this on every request, so the rules are
// compiled once into a segment trie and a match walks it without a regex, a copy of the rules or a
// cache. Plain JavaScript, like the catalogue that checks the rules at start.
//
// A pattern is "/" and segments: a literal ([A-Za-z0-9._~:@!$&'()+,;=-]+, not "." or ".."), "*"
// (exactly one segment) or "**" (any depth, zero segments too; only as the last segment).
// Specificity, segment by segment from the left: a literal beats "*", "*" beats "**"; where one
// pattern ends and the other goes on with "**" (which then matches zero segments), the one that
// ends wins: "/v2/dns" is more specific than "/v2/dns/**" for the request /v2/dns (as in Spring's
// AntPathMatcher). On the same path, a method named beats HEAD allowed by a GET rule, which beats "*".

/** The methods a rule may name. HEAD is a GET without a body: a GET rule also matches HEAD. */
export const ROUTE_METHODS = /** @type {const} */ (["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
export const MAX_REQUEST_PATH = 2048;
export const MAX_PATTERN_LENGTH = 512;
export const MAX_PATTERN_SEGMENTS = 32;

const LITERAL = /^[A-Za-z0-9._~:@!$&'()+,;=-]+$/;
// After one decoding: a control character, a slash or a backslash ends the path's reading here.
const FORBIDDEN_DECODED = /[\u0000-\u001f\u007f/\\]/;
// Escaped twice (%252e, %252f, %255c, %2500): whoever decodes again reads a dot, a slash or a NUL.
const ESCAPED_TWICE = /%(?:2e|2f|5c|[01][0-9a-f]|7f)/i;
// In the URI as given: no raw control character, space or backslash (a proxy sends none of them).
const FORBIDDEN_RAW = /[\u0000-\u0020\u007f\\]/;
const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/;

/**
 * @typedef {"read" | "write"} RouteAction
 * @typedef {{ method: string, path: string, action: RouteAction }} Route
 * @typedef {{ method: string, path: string, action: RouteAction, resource: string }} MatchedRule
 * `path`: the request's path, normalised (what an audit event names).
 * @typedef {{ permission: string, rule: MatchedRule, path: string } | { refused: "bad_path" } | { refused: "no_rule", path: string }} RouteMatch
 * @typedef {{ match(method: string, uri: string): RouteMatch, size: number }} RouteRules
 * @typedef {{ id: string, routes?: readonly Route[] }} RoutedResource
 */

/**
 * The path of a request URI as a proxy hands it on (origin-form "/path?q#f" or absolute-form
 * "http://host/path?q"), in the one spelling rules are matched against: no query or fragment,
 * each segment percent-decoded once, "." and ".." resolved, no empty segments, no trailing slash.
 * Null for a path that cannot be read safely: not starting with "/", longer than MAX_REQUEST_PATH,
 * an invalid escape, a decoded "/", "\", NUL or control character (an escape cannot make a new
 * segment), a segment escaped twice into one of those or a dot, a ".." above the root, or a
 * segment like "..;" that some servers read as "..".
 * @param {string} uri
 * @returns {string | null}
 */
export function normaliseRequestPath(uri) {
  if (typeof uri !== "string" || uri.length === 0 || uri.length > MAX_REQUEST_PATH) return null;
  let rest = uri;
  const absolute = ABSOLUTE_FORM.exec(rest);
  if (absolute) {
    rest = rest.slice(absolute[0].length);
    if (rest === "" || rest[0] === "?" || rest[0] === "#") rest = `/${rest}`;
  }
  // No fragment: a request target has none (RFC 9112 3.2), and a proxy hands "/v2/dns#/../cloud"
  // on as it is, to a service that may read "#" as part of the path and resolve it to /v2/cloud.
  const end = rest.indexOf("?");
  if (end !== -1) rest = rest.slice(0, end);
  if (rest[0] !== "/" || FORBIDDEN_RAW.test(rest) || rest.includes("#")) return null;
  /** @type {string[]} */
  const segments = [];
  for (const raw of rest.split("/")) {
    if (raw === "") continue;
    /** @type {string} */
    let segment;
    if (raw.includes("%")) {
      try {
        segment = decodeURIComponent(raw);
      } catch {
        return null;
      }
      if (FORBIDDEN_DECODED.test(segment) || ESCAPED_TWICE.test(segment)) return null;
    } else segment = raw;
    // "..;x" is ".." to a server that drops path parameters (Tomcat): refuse it rather than guess.
    const semicolon = segment.indexOf(";");
    const bare = semicolon === -1 ? segment : segment.slice(0, semicolon);
    if (bare === "." || bare === "..") {
      if (semicolon !== -1) return null;
      if (bare === "..") {
        if (segments.length === 0) return null;
        segments.pop();
      }
      continue;
    }
    segments.push(segment);
  }
  return `/${segments.join("/")}`;
}

/**
 * What is wrong with a rule's path, or null: for the catalogue's messages and compileRouteRules.
 * @param {string} pattern
 * @returns {string | null}
 */
export function routePathProblem(pattern) {
  if (typeof pattern !== "string") return "write the path as text";
  if (pattern[0] !== "/") return 'start the path with "/", such as "/v2/dns/**"';
  if (pattern.length > MAX_PATTERN_LENGTH) return `use a path of at most ${MAX_PATTERN_LENGTH} characters`;
  if (pattern === "/") return null;
  if (pattern.endsWith("/")) return `drop the trailing "/" ("${pattern.slice(0, -1)}" matches "${pattern}" too)`;
  const segments = pattern.slice(1).split("/");
  if (segments.length > MAX_PATTERN_SEGMENTS) return `use at most ${MAX_PATTERN_SEGMENTS} segments`;
  for (const [index, segment] of segments.entries()) {
    if (segment === "") return 'remove the empty segment ("//")';
    if (segment === "**") {
      if (index !== segments.length - 1) return 'use "**" only as the last segment, such as "/v2/dns/**"';
      continue;
    }
    if (segment === "*") continue;
    if (segment.includes("*")) return `"${segment}": use "*" or "**" as a whole segment`;
    if (segment === "." || segment === "..") return `remove the "${segment}" segment: a request's path is resolved before it is matched`;
    if (segment.includes("%")) return `"${segment}": write the segment without "%" escapes, as the request reads once decoded`;
    if (!LITERAL.test(segment)) return `"${segment}": use letters, digits and . _ ~ : @ ! $ & ' ( ) + , ; = - in a segment`;
  }
  return null;
}

/**
 * What is wrong with a rule's method, or null.
 * @param {string} method
 * @returns {string | null}
 */
export function routeMethodProblem(method) {
  const fix = `use "*" or methods from ${ROUTE_METHODS.join(", ")} joined by "|", such as "GET|HEAD"`;
  if (typeof method !== "string") return fix;
  if (method === "*") return null;
  const names = method.split("|");
  const known = /** @type {readonly string[]} */ (ROUTE_METHODS);
  for (const name of names) if (!known.includes(name)) return `"${name.slice(0, 20)}" is not a method: ${fix}`;
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice) return `names ${twice} twice`;
  return null;
}

/** A rule in the trie. rank: 3 the method named, 2 a HEAD request on a GET rule, 1 "*". */
class CompiledRule {
  /**
   * @param {MatchedRule} rule
   * @param {string} permission
   * @param {ReadonlySet<string> | null} methods null for "*"
   * @param {string} where
   */
  constructor(rule, permission, methods, where) {
    this.rule = rule;
    this.permission = permission;
    this.methods = methods;
    this.where = where;
  }

  /** @param {string} method */
  rank(method) {
    if (this.methods === null) return 1;
    if (this.methods.has(method)) return 3;
    return method === "HEAD" && this.methods.has("GET") ? 2 : 0;
  }
}

class Node {
  constructor() {
    /** @type {Map<string, Node> | null} */
    this.literals = null;
    /** @type {Node | null} */
    this.star = null;
    /** Rules whose pattern ends here. @type {CompiledRule[]} */
    this.exact = [];
    /** Rules whose pattern ends here with "**". @type {CompiledRule[]} */
    this.rest = [];
  }
}

/**
 * The best rule for a method among rules on one path, or null.
 * @param {CompiledRule[]} rules
 * @param {string} method
 */
function best(rules, method) {
  let found = null;
  let rank = 0;
  for (const rule of rules) {
    const r = rule.rank(method);
    if (r > rank) {
      rank = r;
      found = rule;
    }
  }
  return found;
}

/**
 * Depth first in order of specificity (literal, then "*", then "**"): the first rule found is the
 * most specific. Each node is reached by one prefix only, so a match visits each node at most once.
 * @param {Node} node
 * @param {string[]} segments
 * @param {number} depth
 * @param {string} method
 * @returns {CompiledRule | null}
 */
function search(node, segments, depth, method) {
  if (depth === segments.length) {
    const exact = best(node.exact, method);
    if (exact) return exact;
  } else {
    const segment = /** @type {string} */ (segments[depth]);
    const literal = node.literals?.get(segment);
    if (literal) {
      const found = search(literal, segments, depth + 1, method);
      if (found) return found;
    }
    if (node.star) {
      const found = search(node.star, segments, depth + 1, method);
      if (found) return found;
    }
  }
  return best(node.rest, method);
}

/**
 * How a rule is named in an error: resource and index.
 * @param {string} resource
 * @param {number} index
 */
const defaultName = (resource, index) => `${JSON.stringify(resource)} routes[${index}]`;

/**
 * The rules of every resource, compiled for match(). Throws an Error naming the rule for a bad
 * method, path or action, or naming both rules when two share a path and a method.
 * `name(resourceIndex, routeIndex)` says how errors name a rule (default: `"dns" routes[2]`).
 * @param {readonly RoutedResource[]} resources
 * @param {{ name?: (resourceIndex: number, routeIndex: number) => string }} [options]
 * @returns {RouteRules}
 */
export function compileRouteRules(resources, options = {}) {
  const name = options.name ?? ((r, i) => defaultName(resources[r]?.id ?? "?", i));
  const root = new Node();
  let size = 0;
  for (const [resourceIndex, resource] of resources.entries()) {
    for (const [routeIndex, route] of (resource.routes ?? []).entries()) {
      const where = name(resourceIndex, routeIndex);
      const problem =
        routeMethodProblem(route.method) ??
        routePathProblem(route.path) ??
        (route.action === "read" || route.action === "write" ? null : 'use "read" or "write" as the action');
      if (problem) throw new Error(`${where}: ${problem}`);
      const methods = route.method === "*" ? null : new Set(route.method.split("|"));
      const segments = route.path === "/" ? [] : route.path.slice(1).split("/");
      const glob = segments.at(-1) === "**";
      if (glob) segments.pop();
      let node = root;
      for (const segment of segments) {
        if (segment === "*") node = node.star ??= new Node();
        else {
          node.literals ??= new Map();
          let next = node.literals.get(segment);
          if (!next) node.literals.set(segment, (next = new Node()));
          node = next;
        }
      }
      const list = glob ? node.rest : node.exact;
      for (const other of list) {
        const shared =
          methods === null || other.methods === null
            ? methods === other.methods
              ? ["any method"]
              : []
            : [...methods].filter((method) => other.methods?.has(method));
        if (shared.length > 0)
          throw new Error(
            `${other.where} and ${where} both match ${shared.join("|")} on ${route.path}: keep one, or name different methods`,
          );
      }
      const rule = Object.freeze({ method: route.method, path: route.path, action: route.action, resource: resource.id });
      list.push(new CompiledRule(rule, `${resource.id}:${route.action}`, methods, where));
      size++;
    }
  }
  return {
    size,
    match(method, uri) {
      const path = normaliseRequestPath(uri);
      if (path === null) return { refused: "bad_path" };
      const segments = path === "/" ? [] : path.slice(1).split("/");
      const found = search(root, segments, 0, method);
      // "snapshot;x=1" is "snapshot" to a server that drops path parameters (Tomcat, Jetty,
      // Spring): a path the two readings give different permissions is refused, not guessed at.
      if (path.includes(";")) {
        const bare = segments.map((segment) => segment.replace(/;.*$/, "")).filter(Boolean);
        const other = search(root, bare, 0, method);
        if (other?.permission !== found?.permission) return { refused: "bad_path" };
      }
      return found ? { permission: found.permission, rule: found.rule, path } : { refused: "no_rule", path };
    },
  };
}
