import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/api/openapi";
import { API_OPERATIONS, curlExample } from "@/lib/api/operations";
import { call } from "@/test/api-client";

const V2 = path.join(import.meta.dirname);

/** Every route the server answers under /v2: each route.ts and the HTTP methods it exports. */
function servedRoutes(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const route = "/" + path.relative(V2, dir).split(path.sep).join("/");
        if (route.includes("[...")) continue; // the catch-all 404 for unknown paths
        // Forward auth answers any method (a proxy asks with the original request's): documented once, as GET.
        if (route === "/auth/forward") {
          found.push("get /auth/forward");
          continue;
        }
        const source = fs.readFileSync(full, "utf8");
        for (const [, method] of source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)) {
          found.push(`${method!.toLowerCase()} ${route.replace(/\[(\w+)\]/g, "{$1}")}`);
        }
      }
    }
  };
  walk(V2);
  return found.sort();
}

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1 for a maintained validator", async () => {
    const document = openApiDocument("http://console.test");
    const validated = await SwaggerParser.validate(structuredClone(document) as never);
    expect((validated as { openapi?: string }).openapi).toBe("3.1.0");
  });

  it("passes Redocly's recommended rules, with every warning an error (redocly.yaml)", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "openapi-")), "openapi.json");
    fs.writeFileSync(file, JSON.stringify(openApiDocument("http://console.test/v2")));
    const lint = spawnSync(path.join("node_modules", ".bin", "redocly"), ["lint", file], { encoding: "utf8" });
    expect(`${lint.stdout}${lint.stderr}`).toContain("Your API description is valid");
    expect(lint.status).toBe(0);
  });

  it("lists exactly the /v2 routes the server answers", () => {
    const documented = Object.entries(openApiDocument("http://x").paths ?? {})
      .flatMap(([route, methods]) => Object.keys(methods).map((method) => `${method} ${route}`))
      .sort();
    expect(servedRoutes().length).toBeGreaterThanOrEqual(5);
    expect(documented).toEqual(servedRoutes());
  });

  it("is served at /v2/openapi.json without authentication, naming its server relatively, never from request headers", async () => {
    const response = await call("GET", "/openapi.json", { headers: { host: "evil.example", "x-forwarded-host": "evil.example" } });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ openapi: "3.1.0", servers: [{ url: "/v2" }] });
    expect(response.text).not.toContain("evil.example");
  });

  it("declares a permission for every authenticated operation, and gives each an example", () => {
    for (const op of API_OPERATIONS) {
      expect(op.response.example).toBeTruthy();
      const curl = curlExample(op, "http://console.test/v2");
      expect(curl).toContain(`http://console.test/v2${op.path.replace("{id}", "<id>")}`);
      if (op.permission || op.bearer) expect(curl).toContain("Authorization: Bearer $API_TOKEN");
      else expect(curl).not.toContain("Authorization");
    }
  });

  it("lists the permissions: the catalogue in its introduction and as x-permissions, each operation's in x-required-permission", async () => {
    const { resourceCatalogue } = await import("@/lib/server/permission-catalogue.mjs");
    const document = (await call("GET", "/openapi.json")).json as {
      info: { description: string };
      "x-permissions": Array<{ permission: string }>;
      paths: Record<string, Record<string, { "x-required-permission"?: string; description: string }>>;
    };
    const catalogue = resourceCatalogue();
    expect(catalogue.map((resource) => resource.id)).toEqual(expect.arrayContaining(["account", "api_keys", "dns", "kubernetes"]));
    expect(document["x-permissions"].map((entry) => entry.permission)).toEqual(
      catalogue.flatMap((resource) =>
        resource.adminOnly ? [`${resource.id}:introspect`] : [`${resource.id}:read`, `${resource.id}:write`],
      ),
    );
    for (const resource of catalogue) expect(document.info.description).toContain(`| \`${resource.id}\` | ${resource.label} |`);
    expect(document.paths["/api/{id}/narrow"]!.post!["x-required-permission"]).toBe("api_keys:write");
    expect(document.paths["/account/info"]!.get!["x-required-permission"]).toBe("account:read");
    expect(document.paths["/tokens/introspect"]!.post!["x-required-permission"]).toBe("tokens:introspect");
    expect(document.paths["/tokens/introspect"]!.post!.description).toContain("which only an admin grants");
    expect(document.paths["/api"]!.get!.description).toContain("Requires the permission `api_keys:read`: a Read-Only or Write token");
  });
});
