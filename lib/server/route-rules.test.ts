import fs from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";

const catalogueFile = await vi.hoisted(async () => {
  const nodeFs = await import("node:fs");
  const nodeOs = await import("node:os");
  const nodePath = await import("node:path");
  const file = nodePath.join(nodeFs.mkdtempSync(nodePath.join(nodeOs.tmpdir(), "token-console-routes-")), "permissions.json");
  nodeFs.copyFileSync("config/permissions.json", file);
  process.env.PERMISSIONS_FILE = file;
  return file;
});

import { ConfigError } from "./config.mjs";
import { forgetResourceCatalogue, parsePermissionsFile, resourceCatalogue, routeRules } from "./permission-catalogue.mjs";
import { compileRouteRules, normaliseRequestPath, type Route } from "./route-rules.mjs";

const read = (path: string, method = "GET|HEAD"): Route => ({ method, path, action: "read" });
const write = (path: string, method = "POST|PUT|PATCH|DELETE"): Route => ({ method, path, action: "write" });
const rules = (...resources: Array<[string, Route[]]>) => compileRouteRules(resources.map(([id, routes]) => ({ id, routes })));
const permission = (compiled: ReturnType<typeof compileRouteRules>, method: string, uri: string) => {
  const found = compiled.match(method, uri);
  return "permission" in found ? found.permission : found.refused;
};

describe("normaliseRequestPath", () => {
  it.each([
    ["/v2/dns", "/v2/dns"],
    ["/v2/dns/", "/v2/dns"],
    ["/", "/"],
    ["/v2/dns/../api", "/v2/api"],
    ["/v2/dns/%2e%2e/api", "/v2/api"],
    ["/v2/dns/%2E%2E/api", "/v2/api"],
    ["/v2/dns/.%2e/api", "/v2/api"],
    ["/v2/dns/%2e/zones", "/v2/dns/zones"],
    ["//v2///dns//", "/v2/dns"],
    ["/v2/./dns/.", "/v2/dns"],
    ["/v2/dns?q=/../api", "/v2/dns"],
    ["/v2/dns/a?x#y", "/v2/dns/a"],
    ["http://console.example/v2/dns/a?x=1", "/v2/dns/a"],
    ["https://console.example:8443/v2/dns/../cloud", "/v2/cloud"],
    ["http://console.example", "/"],
    ["http://console.example?x", "/"],
    ["/v2/dns/%41", "/v2/dns/A"],
    ["/v2/dns/caf%C3%A9", "/v2/dns/café"],
  ])("%s is %s", (uri, expected) => {
    expect(normaliseRequestPath(uri)).toBe(expected);
  });

  it.each([
    ["climbing above the root", "/v2/../../etc"],
    ["climbing above the root, escaped", "/%2e%2e/v2"],
    ["an escaped slash", "/v2/dns%2f..%2f..%2fapi"],
    ["an escaped slash, lower case", "/v2/dns%2Fzones"],
    ["an escaped backslash", "/v2/dns%5c..%5capi"],
    ["a raw backslash", "/v2/dns\\..\\api"],
    ["an escaped NUL", "/v2/dns%00/a"],
    ["a raw NUL", "/v2/dns\u0000/a"],
    ["an escaped control character", "/v2/dns/%0a"],
    ["an escaped DEL", "/v2/dns/%7f"],
    ["a raw space", "/v2/dns /a"],
    ["an invalid escape", "/v2/dns/%zz"],
    ["a cut-off escape", "/v2/dns/%2"],
    ["an escape that is not UTF-8", "/v2/dns/%ff"],
    ["a dot escaped twice", "/v2/dns/%252e%252e/api"],
    ["a slash escaped twice", "/v2/dns%252f..%252fapi"],
    ["a path parameter on ..", "/v2/dns/..;/api"],
    ["a path parameter on .", "/v2/dns/.;x/a"],
    ["a fragment, which a proxy hands on as it is", "/v2/dns#/../api"],
    ["a fragment in the absolute-form", "http://console.example#/../api"],
    ["no leading slash", "v2/dns"],
    ["an asterisk-form", "*"],
    ["empty", ""],
    ["too long", `/v2/${"a".repeat(2100)}`],
  ])("refuses %s", (_, uri) => {
    expect(normaliseRequestPath(uri)).toBeNull();
  });
});

describe("compileRouteRules: which rule a request meets", () => {
  it("** matches zero segments and any depth; * exactly one", () => {
    const compiled = rules(["dns", [read("/v2/dns/**")]], ["vpc", [read("/v2/vpc/*")]]);
    expect(permission(compiled, "GET", "/v2/dns")).toBe("dns:read");
    expect(permission(compiled, "GET", "/v2/dns/")).toBe("dns:read");
    expect(permission(compiled, "GET", "/v2/dns/a/b")).toBe("dns:read");
    expect(permission(compiled, "GET", "/v2/dnsx")).toBe("no_rule");
    expect(permission(compiled, "GET", "/v2/vpc/a")).toBe("vpc:read");
    expect(permission(compiled, "GET", "/v2/vpc")).toBe("no_rule"); // zero segments
    expect(permission(compiled, "GET", "/v2/vpc/a/b")).toBe("no_rule"); // two segments
  });

  it("a literal beats *, and * beats **", () => {
    const compiled = rules(
      ["cloud", [read("/v2/cloud/**")]],
      ["snapshots", [read("/v2/cloud/*/snapshot/**")]],
      ["iso", [read("/v2/cloud/images/snapshot/**")]],
    );
    expect(permission(compiled, "GET", "/v2/cloud/7")).toBe("cloud:read");
    expect(permission(compiled, "GET", "/v2/cloud/7/snapshot/3")).toBe("snapshots:read");
    expect(permission(compiled, "GET", "/v2/cloud/7/snapshot")).toBe("snapshots:read");
    expect(permission(compiled, "GET", "/v2/cloud/images/snapshot/3")).toBe("iso:read");
    expect(permission(compiled, "GET", "/v2/cloud/7/power")).toBe("cloud:read");
  });

  it("the longer pattern wins when equal so far, and an exact path beats ** matching nothing", () => {
    const compiled = rules(
      ["vpc", [read("/v2/**")]],
      ["dns", [read("/v2/dns/**")]],
      ["ssl", [read("/v2/dns/zones/**")]],
      ["cloud", [read("/v2/dns/zones")]],
    );
    expect(permission(compiled, "GET", "/v2/x")).toBe("vpc:read");
    expect(permission(compiled, "GET", "/v2/dns/a")).toBe("dns:read");
    expect(permission(compiled, "GET", "/v2/dns/zones/a")).toBe("ssl:read");
    expect(permission(compiled, "GET", "/v2/dns/zones")).toBe("cloud:read");
  });

  it("a rule that names the method beats *, and a GET rule matches HEAD", () => {
    const compiled = rules(["dns", [{ method: "*", path: "/v2/dns/**", action: "write" }, read("/v2/dns/**", "GET")]]);
    expect(permission(compiled, "GET", "/v2/dns/a")).toBe("dns:read");
    expect(permission(compiled, "HEAD", "/v2/dns/a")).toBe("dns:read");
    expect(permission(compiled, "DELETE", "/v2/dns/a")).toBe("dns:write");
    expect(permission(compiled, "PROPFIND", "/v2/dns/a")).toBe("dns:write");
    const named = rules(["dns", [read("/v2/dns/**", "GET"), write("/v2/dns/**", "HEAD")]]);
    expect(permission(named, "HEAD", "/v2/dns")).toBe("dns:write"); // HEAD named beats HEAD by GET
  });

  it("the path decides before the method: a more specific path with another method does not hide a rule", () => {
    const compiled = rules(["dns", [read("/v2/dns/**"), write("/v2/dns/zones/**", "POST")]]);
    expect(permission(compiled, "GET", "/v2/dns/zones/a")).toBe("dns:read");
    expect(permission(compiled, "POST", "/v2/dns/zones/a")).toBe("dns:write");
    expect(permission(compiled, "PUT", "/v2/dns/zones/a")).toBe("no_rule");
  });

  it("methods are compared as HTTP spells them", () => {
    const compiled = rules(["dns", [read("/v2/dns/**")]]);
    expect(permission(compiled, "get", "/v2/dns")).toBe("no_rule");
    expect(permission(compiled, "OPTIONS", "/v2/dns")).toBe("no_rule");
  });

  it("a request's path is normalised before it is matched, and one that cannot be is refused", () => {
    const compiled = rules(["dns", [read("/v2/dns/**"), write("/v2/dns/**")]]);
    expect(permission(compiled, "GET", "/v2/dns/../api/5")).toBe("no_rule");
    expect(permission(compiled, "GET", "/v2/dns/%2e%2e/api")).toBe("no_rule");
    expect(permission(compiled, "GET", "/v2/dns/%2E%2E/%2e%2E/api")).toBe("no_rule");
    expect(permission(compiled, "GET", "/v2/api/../dns/a")).toBe("dns:read");
    expect(permission(compiled, "GET", "/v2/dns%2f..%2f..%2fapi")).toBe("bad_path");
    expect(permission(compiled, "GET", "/v2/dns/%00")).toBe("bad_path");
    expect(permission(compiled, "GET", "/../v2/dns")).toBe("bad_path");
    expect(permission(compiled, "GET", "/v2/dns/%zz")).toBe("bad_path");
    expect(permission(compiled, "GET", "//v2//dns/./a/")).toBe("dns:read");
    expect(permission(compiled, "GET", "/v2/dns?path=/v2/api")).toBe("dns:read");
    expect(permission(compiled, "POST", "http://platform.example/v2/dns/a?x#y")).toBe("dns:write");
  });

  it("deny by default: no rules, or none that matches", () => {
    expect(rules().match("GET", "/v2/dns")).toEqual({ refused: "no_rule", path: "/v2/dns" });
    const compiled = rules(["dns", [read("/v2/dns/**")]]);
    expect(compiled.match("GET", "/")).toEqual({ refused: "no_rule", path: "/" });
    expect(compiled.match("GET", "/v2")).toEqual({ refused: "no_rule", path: "/v2" });
    expect(compiled.match("POST", "/v2/dns")).toEqual({ refused: "no_rule", path: "/v2/dns" });
    expect(compiled.match("GET", "/V2/DNS")).toEqual({ refused: "no_rule", path: "/V2/DNS" });
  });

  it("says which rule matched", () => {
    const compiled = rules(["dns", [read("/v2/dns/**")]]);
    expect(compiled.match("HEAD", "/v2/dns/a")).toEqual({
      permission: "dns:read",
      rule: { method: "GET|HEAD", path: "/v2/dns/**", action: "read", resource: "dns" },
      path: "/v2/dns/a",
    });
  });

  it("keys like __proto__ are segments like any other", () => {
    const compiled = rules(["dns", [read("/v2/dns/*")]]);
    expect(permission(compiled, "GET", "/v2/__proto__")).toBe("no_rule");
    expect(permission(compiled, "GET", "/v2/dns/__proto__")).toBe("dns:read");
    expect(permission(rules(["dns", [read("/v2/constructor")]]), "GET", "/v2/toString")).toBe("no_rule");
  });

  it("two rules on one path and method are an error naming both", () => {
    expect(() => rules(["dns", [read("/v2/dns/**")]], ["vpc", [read("/v2/dns/**", "GET")]])).toThrow(
      '"dns" routes[0] and "vpc" routes[0] both match GET on /v2/dns/**: keep one, or name different methods',
    );
    expect(() => rules(["dns", [read("/v2/dns", "*"), write("/v2/dns", "*")]])).toThrow(/both match any method on \/v2\/dns/);
    // Different paths, or methods that do not overlap, or "*" beside a method: not a clash.
    expect(() => rules(["dns", [read("/v2/dns"), read("/v2/dns/**"), write("/v2/dns"), read("/v2/dns", "*")]])).not.toThrow();
  });

  it("rejects a bad rule given directly", () => {
    expect(() => rules(["dns", [read("/v2/**/x")]])).toThrow(/"dns" routes\[0\]: use "\*\*" only as the last segment/);
    expect(() => rules(["dns", [{ method: "GET", path: "/v2", action: "admin" as "read" }]])).toThrow(/use "read" or "write"/);
  });

  it("a match stays a walk of the trie with many rules and a long path", () => {
    const many: Array<[string, Route[]]> = Array.from({ length: 200 }, (_, r) => [
      `r${r}`,
      Array.from({ length: 50 }, (_, i) => read(`/v2/r${r}/${i % 2 ? "*" : `s${i}`}/x${i}/**`)),
    ]);
    const compiled = compileRouteRules(many.map(([id, routes]) => ({ id, routes })));
    expect(compiled.size).toBe(10_000);
    const long = `/v2/r199/${"a/".repeat(1000)}`;
    const started = performance.now();
    for (let i = 0; i < 10_000; i++) compiled.match("GET", i % 2 ? long : "/v2/r150/s48/x48/a");
    expect(performance.now() - started).toBeLessThan(2000);
    expect(permission(compiled, "GET", "/v2/r150/s48/x48/a")).toBe("r150:read");
    expect(permission(compiled, "GET", "/v2/r150/q/x49")).toBe("r150:read");
    expect(permission(compiled, "GET", long)).toBe("no_rule");
  });
});

describe("route rules in PERMISSIONS_FILE", () => {
  const file = (routes: unknown) =>
    JSON.stringify({
      resources: [
        { id: "vpc", label: "VPC", description: "Networks" },
        { id: "dns", label: "DNS", description: "Domains", routes },
      ],
    });
  const problem = (routes: unknown) => {
    try {
      parsePermissionsFile(file(routes), "config/permissions.json");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message.split("\n")).toHaveLength(1);
      return message;
    }
    throw new Error("the file was accepted");
  };
  const at = (index: number, rest: string) => `PERMISSIONS_FILE config/permissions.json: resources[1] ("dns") routes[${index}]${rest}`;
  const good = read("/v2/dns/**");

  it.each([
    [
      "a method it does not know",
      [good, { method: "GET|FETCH", path: "/v2/dns", action: "read" }],
      at(
        1,
        ' method: "FETCH" is not a method: use "*" or methods from GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS joined by "|", such as "GET|HEAD".',
      ),
    ],
    ["a method in lower case", [{ method: "get", path: "/v2/dns", action: "read" }], at(0, ' method: "get" is not a method: use "*"')],
    ["a method named twice", [{ method: "GET|GET", path: "/v2/dns", action: "read" }], at(0, " method: names GET twice.")],
    ["an empty method", [{ method: "", path: "/v2/dns", action: "read" }], at(0, ' method: "" is not a method')],
    ["an action it does not know", [{ method: "GET", path: "/v2/dns", action: "admin" }], at(0, ' action: use "read" or "write".')],
    ["no action", [{ method: "GET", path: "/v2/dns" }], at(0, ' action: use "read" or "write".')],
    ["** not last", [good, write("/v2/**/records")], at(1, ' path: use "**" only as the last segment, such as "/v2/dns/**".')],
    [
      "a .. segment",
      [read("/v2/dns/../api")],
      at(0, ' path: remove the ".." segment: a request\'s path is resolved before it is matched.'),
    ],
    ["a . segment", [read("/v2/./dns")], at(0, ' path: remove the "." segment')],
    ["an escape", [read("/v2/dns%2fzones")], at(0, ' path: "dns%2fzones": write the segment without "%" escapes')],
    ["* inside a segment", [read("/v2/dns*")], at(0, ' path: "dns*": use "*" or "**" as a whole segment.')],
    ["a character outside a segment's", [read("/v2/dns zones")], at(0, ' path: "dns zones": use letters, digits')],
    ["no leading slash", [read("v2/dns")], at(0, ' path: start the path with "/", such as "/v2/dns/**".')],
    ["a trailing slash", [read("/v2/dns/")], at(0, ' path: drop the trailing "/"')],
    ["an empty segment", [read("/v2//dns")], at(0, ' path: remove the empty segment ("//").')],
    ["a path that is not text", [{ method: "GET", path: 5, action: "read" }], at(0, " path: write it as text.")],
    [
      "a key a rule does not have",
      [{ ...good, resource: "vpc" }],
      at(0, ' has "resource": a rule has only "method", "path" and "action".'),
    ],
    ["a rule that is not an object", ["GET /v2/dns"], at(0, ' needs to be an object { "method", "path", "action" }.')],
  ])("%s: one line naming the entry and the rule", (_, routes, expected) => {
    expect(problem(routes)).toContain(expected);
  });

  it("routes that are not a list, or too many", () => {
    expect(problem({ GET: "/v2/dns" })).toBe(
      'PERMISSIONS_FILE config/permissions.json: resources[1] ("dns") routes: list the rules as "routes": [{ "method", "path", "action" }].',
    );
    expect(problem(Array.from({ length: 101 }, (_, i) => read(`/v2/dns/r${i}`)))).toBe(
      'PERMISSIONS_FILE config/permissions.json: resources[1] ("dns") routes: list at most 100 rules for a resource.',
    );
  });

  it("two rules on one path and method, in one resource or two, name both", () => {
    expect(problem([good, write("/v2/dns/**"), read("/v2/dns/**", "HEAD")])).toBe(
      'PERMISSIONS_FILE config/permissions.json: resources[1] ("dns") routes[0] and resources[1] ("dns") routes[2] both match HEAD on /v2/dns/**: keep one, or name different methods.',
    );
    const across = JSON.stringify({
      resources: [
        { id: "vpc", label: "VPC", description: "Networks", routes: [read("/v2/net/*")] },
        { id: "dns", label: "DNS", description: "Domains", routes: [read("/v2/net/*", "GET")] },
      ],
    });
    expect(() => parsePermissionsFile(across, "p.json")).toThrow(
      'PERMISSIONS_FILE p.json: resources[0] ("vpc") routes[0] and resources[1] ("dns") routes[0] both match GET on /v2/net/*: keep one, or name different methods.',
    );
  });

  it("an unknown key on the entry names routes among the keys it has", () => {
    const text = JSON.stringify({ resources: [{ id: "dns", label: "L", description: "D", rules: [] }] });
    expect(() => parsePermissionsFile(text, "p.json")).toThrow(
      'PERMISSIONS_FILE p.json: resources[0] ("dns") has "rules": an entry has only "id", "label", "description" and "routes".',
    );
  });

  it("an entry without routes has none", () => {
    const [vpc, dns] = parsePermissionsFile(file([good]), "p.json");
    expect(vpc?.routes).toEqual([]);
    expect(dns?.routes).toEqual([good]);
  });
});

describe("routeRules(): the catalogue's rules", () => {
  // env() is read once: the catalogue is a copy of the shipped file, rewritten in place.
  const shipped = fs.readFileSync("config/permissions.json", "utf8");
  afterEach(() => {
    fs.writeFileSync(catalogueFile, shipped);
    forgetResourceCatalogue();
  });

  it("config/permissions.json: every platform resource has rules, built-in ones none, and the rest is refused", () => {
    forgetResourceCatalogue();
    const catalogue = resourceCatalogue();
    expect(catalogue.filter((resource) => !resource.builtIn)).toHaveLength(13);
    for (const resource of catalogue) expect(resource.routes.length > 0).toBe(!resource.builtIn);
    const compiled = routeRules();
    expect(routeRules()).toBe(compiled);
    expect(permission(compiled, "GET", "/v2/dns")).toBe("dns:read");
    expect(permission(compiled, "HEAD", "/v2/dns/example.com")).toBe("dns:read");
    expect(permission(compiled, "POST", "/v2/dns/adddomain")).toBe("dns:write");
    expect(permission(compiled, "GET", "/v2/cloud/1234")).toBe("cloud:read");
    expect(permission(compiled, "POST", "/v2/cloud/1234/poweroff")).toBe("cloud:write");
    expect(permission(compiled, "POST", "/v2/cloud/1234/snapshot/create")).toBe("snapshots:write");
    expect(permission(compiled, "GET", "/v2/cloud/1234/../../api")).toBe("no_rule");
    expect(permission(compiled, "GET", "/v2/api")).toBe("no_rule");
    expect(permission(compiled, "GET", "/v2/account/info")).toBe("no_rule");
    expect(permission(compiled, "OPTIONS", "/v2/dns")).toBe("no_rule");
  });

  it("compiled with the catalogue and forgotten with it; a bad rule fails the catalogue's read", () => {
    const replace = (routes: unknown) => {
      fs.writeFileSync(catalogueFile, JSON.stringify({ resources: [{ id: "dns", label: "DNS", description: "D", routes }] }));
      forgetResourceCatalogue();
    };
    replace([read("/v2/dns/**")]);
    expect(permission(routeRules(), "GET", "/v2/dns")).toBe("dns:read");
    replace([read("/v2/zones/**")]);
    expect(permission(routeRules(), "GET", "/v2/dns")).toBe("no_rule");
    expect(permission(routeRules(), "GET", "/v2/zones/a")).toBe("dns:read");
    replace([read("/v2/zones/**"), read("/v2/zones/**", "GET")]);
    expect(() => resourceCatalogue()).toThrow(
      /resources\[0\] \("dns"\) routes\[0\] and resources\[0\] \("dns"\) routes\[1\] both match GET/,
    );
    expect(() => routeRules()).toThrow(ConfigError);
  });
});
