import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// nginx passes a client's request headers on unless a proxy_set_header replaces them, and a
// location with any proxy_set_header of its own inherits none of the server's (nginx's rule).
// So each location of the shipped nginx files that sets headers must set every X-Token-* header
// the snippet sets from the console's answer, or a client's own copy reaches the service: with
// example.conf as it was, a personal token's request carrying "X-Token-Team: <any team's id>"
// reached the DNS API with that header, as though the token were that team's.

const read = (file: string) => fs.readFileSync(path.resolve("deploy", "nginx", file), "utf8");

/** The X-Token-* headers a block of nginx configuration sets with proxy_set_header. */
const tokenHeadersSet = (block: string) =>
  new Set([...block.matchAll(/^\s*proxy_set_header\s+(X-Token-[A-Za-z-]+)\s/gim)].map((match) => match[1]!.toLowerCase()));

/** Each `location … { … }` block's name and text, nested blocks (`if`) included; comments left out. */
function locations(config: string): { name: string; body: string }[] {
  const text = config.replace(/#.*$/gm, "");
  const found: { name: string; body: string }[] = [];
  for (const match of text.matchAll(/^\s*location\s+([^{]+)\{/gm)) {
    const start = match.index + match[0].length;
    let depth = 1;
    let end = start;
    for (; end < text.length && depth > 0; end++) depth += text[end] === "{" ? 1 : text[end] === "}" ? -1 : 0;
    found.push({ name: match[1]!.trim(), body: text.slice(start, end - 1) });
  }
  return found;
}

/** The configuration outside its location blocks. */
const outsideLocations = (config: string) =>
  locations(config).reduce((text, location) => text.replace(location.body, ""), config.replace(/#.*$/gm, ""));

describe("the shipped nginx configuration and the X-Token-* headers", () => {
  const snippet = read("forward-auth.conf");
  // What the snippet sets at the server's level, outside its own locations: the service's headers.
  const forService = tokenHeadersSet(outsideLocations(snippet));

  it("the snippet gives the service X-Token-Team as it does the others", () => {
    expect([...forService].sort()).toEqual(["x-token-id", "x-token-permissions", "x-token-team", "x-token-user"]);
  });

  it("every location of the example that sets headers of its own sets each X-Token-* header too", () => {
    for (const location of locations(read("example.conf"))) {
      if (!/proxy_set_header/.test(location.body)) continue;
      expect([...tokenHeadersSet(location.body)].sort(), location.name).toEqual([...forService].sort());
    }
  });

  it("every location of the snippet that asks the console blanks each X-Token-* header of the client's", () => {
    for (const location of locations(snippet)) {
      if (!/proxy_pass\s+http:\/\/token_console/.test(location.body)) continue;
      expect([...tokenHeadersSet(location.body)].sort(), location.name).toEqual([...forService].sort());
    }
  });
});
