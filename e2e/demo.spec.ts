import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "./fixtures";
import { readGif } from "./demo/gif";
import { runDemo } from "./demo/runner";
import { step } from "./demo/story";
import { STORIES } from "./demo/stories";
import { authority } from "./demo/stories/authority";
import { expectMember } from "./demo/stories/member";
import { fitDurations, GIF_SECONDS } from "./demo/video";

// Every demo story, once, in fast mode (no pace, no video), on a fresh server of its own, as
// `npm run demo -- --story <name> --pace 0 --no-video` runs it: a UI change that breaks a demo
// fails the suite. Each step checks what it shows. The demo's own promises are checked too:
// each story keeps to its folder, the member is not the admin, the README's GIF is the short
// loop it says, a demo whose server cannot start ends, with a non-zero code, at once, and the
// authority story's nginx and service (Debian's nginx: .ci/run installs it) stop with it.

/** A port for a demo's own server: DEMO_PORT (and the next ones) when set, else a free one. */
let nextPort = Number(process.env.DEMO_PORT) || 0;
async function demoPort(): Promise<number> {
  if (nextPort) return nextPort++;
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** `npm run demo -- <args>`, as a person runs it: its exit code, its output, how long it took. */
function runCli(args: string[], killAfterMs: number, env: Record<string, string> = {}) {
  const started = Date.now();
  const child = spawn(process.execPath, ["--import", "tsx", "e2e/demo/cli.ts", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const killer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
  return new Promise<{ code: number | null; output: string; ms: number }>((resolve) =>
    child.once("exit", (code) => {
      clearTimeout(killer);
      resolve({ code, output, ms: Date.now() - started });
    }),
  );
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });

function expectStoryFolder(dir: string, name: string, captions: string[]) {
  const storyboard = fs.readFileSync(path.join(dir, "index.html"), "utf8");
  const json = JSON.parse(fs.readFileSync(path.join(dir, "steps.json"), "utf8"));
  expect(json).toMatchObject({ ok: true, story: name, title: STORIES[name]![0]!.title });
  expect(json.steps.map((step: { caption: string }) => step.caption)).toEqual(captions);
  for (const step of json.steps) {
    expect(fs.statSync(path.join(dir, step.screenshot)).size).toBeGreaterThan(10_000);
    expect(storyboard).toContain(`src="${step.screenshot}"`);
  }
}

test("the member demo story runs, every step checks out, and its user is a member, not the admin", async () => {
  test.setTimeout(240_000);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "demo-member-"));
  const stories = STORIES.member!;
  let lookedAtTheEnd = false;
  const result = await runDemo({
    stories,
    pace: 0,
    video: false,
    out,
    port: await demoPort(),
    afterStory: async (_story, { page }) => {
      await expectMember(page);
      lookedAtTheEnd = true;
    },
  });
  expect(result.notes).toEqual([]);
  expect(result.steps.filter((step) => !step.ok)).toEqual([]);
  expect(lookedAtTheEnd).toBe(true);
  expectStoryFolder(
    path.join(out, "member"),
    "member",
    stories[0]!.steps.map((step) => step.caption),
  );
});

test("the team demo story runs: a team's CI token outlives its creator's offboarding", async () => {
  test.setTimeout(240_000);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "demo-team-"));
  const stories = STORIES.team!;
  const result = await runDemo({ stories, pace: 0, video: false, out, port: await demoPort() });
  expect(result.notes).toEqual([]);
  expect(result.steps.filter((step) => !step.ok)).toEqual([]);
  expectStoryFolder(
    path.join(out, "team"),
    "team",
    stories[0]!.steps.map((step) => step.caption),
  );
});

test("the admin demo story runs from npm run demo, into its own folder: the member's output, GIF included, stays", async () => {
  test.setTimeout(240_000);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "demo-admin-"));
  // What an earlier `npm run demo` (the member story) left.
  fs.mkdirSync(path.join(out, "member"));
  fs.copyFileSync(path.join("docs", "demo.gif"), path.join(out, "member", "demo.gif"));
  fs.writeFileSync(path.join(out, "member", "steps.json"), JSON.stringify({ title: "The member story", ok: true }));
  const run = await runCli(["--story", "admin", "--pace", "0", "--no-video", "--out", out], 220_000, {
    DEMO_PORT: String(await demoPort()),
  });
  expect(run.output).not.toContain("✘");
  expect(run.code).toBe(0);
  expectStoryFolder(
    path.join(out, "admin"),
    "admin",
    STORIES.admin![0]!.steps.map((step) => step.caption),
  );
  expect(fs.readFileSync(path.join(out, "member", "demo.gif")).equals(fs.readFileSync(path.join("docs", "demo.gif")))).toBe(true);
  // The folder's index lists both.
  const index = fs.readFileSync(path.join(out, "index.html"), "utf8");
  expect(index).toContain('href="member/index.html"');
  expect(index).toContain('href="admin/index.html"');
});

test("a demo whose server cannot start ends at once, with a non-zero exit code, and leaves no server behind", async () => {
  test.setTimeout(120_000);
  // A server that is still starting when its time is up (as when it used to build inside its start).
  const slowPort = await demoPort();
  const slow = await runCli(
    [
      "--story",
      "member",
      "--pace",
      "0",
      "--no-video",
      "--out",
      fs.mkdtempSync(path.join(os.tmpdir(), "demo-slow-")),
      "--port",
      String(slowPort),
      "--start-timeout",
      "0.3",
    ],
    60_000,
  );
  expect(slow.output).toContain("did not start within 0.3 s");
  expect(slow.code).toBe(1);
  expect(slow.ms).toBeLessThan(30_000);
  expect(await listening(slowPort)).toBe(false);

  // A port another program holds: the server stops at once, and so does the demo.
  const heldPort = await demoPort();
  const holder = net.createServer().listen(heldPort);
  await new Promise((resolve) => holder.once("listening", resolve));
  try {
    const held = await runCli(
      [
        "--story",
        "admin",
        "--pace",
        "0",
        "--no-video",
        "--out",
        fs.mkdtempSync(path.join(os.tmpdir(), "demo-held-")),
        "--port",
        String(heldPort),
      ],
      60_000,
    );
    expect(held.output).toContain("the server stopped");
    expect(held.code).toBe(1);
    expect(held.ms).toBeLessThan(45_000);
  } finally {
    holder.close();
  }
});

test("the authority story runs through a real nginx, and stops nginx and its service when it ends, passed or failed", async () => {
  test.setTimeout(240_000);
  const port = await demoPort();
  const servicePorts = [await demoPort(), await demoPort()];
  const [dnsPort, nginxPort] = servicePorts as [number, number];
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "demo-authority-"));
  let upDuringTheStory = false;
  const result = await runDemo({
    stories: STORIES.authority!,
    pace: 0,
    video: false,
    out,
    port,
    servicePorts,
    afterStory: async (_story, { services }) => {
      expect(services.nginx).toBe(`http://127.0.0.1:${nginxPort}`);
      upDuringTheStory = (await listening(nginxPort)) && (await listening(dnsPort));
    },
  });
  expect(result.notes).toEqual([]);
  expect(result.steps.filter((step) => !step.ok)).toEqual([]);
  expect(upDuringTheStory).toBe(true);
  expectStoryFolder(
    path.join(out, "authority"),
    "authority",
    authority.steps.map((step) => step.caption),
  );
  for (const each of [port, ...servicePorts]) expect(await listening(each), `port ${each}`).toBe(false);

  // A step that fails: nginx, the service and the console are stopped all the same.
  const failing = await runDemo({
    stories: [
      {
        ...authority,
        steps: [
          step("nginx is up, then a step fails", async ({ services }) => {
            expect((await fetch(`${services.nginx}/v2/dns/zones`)).status).toBe(401);
            throw new Error("a step that fails on purpose");
          }),
        ],
      },
    ],
    pace: 0,
    video: false,
    out: fs.mkdtempSync(path.join(os.tmpdir(), "demo-authority-failing-")),
    port,
    servicePorts,
  });
  expect(failing.ok).toBe(false);
  expect(failing.steps.map((step) => step.error)).toEqual(["a step that fails on purpose"]);
  for (const each of [port, ...servicePorts]) expect(await listening(each), `port ${each}`).toBe(false);
});

test("the README's GIF is the core loop: 8 to 12 seconds, and small", () => {
  const gif = fs.readFileSync(path.join("docs", "demo.gif"));
  const info = readGif(gif);
  expect(info.seconds).toBeGreaterThanOrEqual(GIF_SECONDS.min);
  expect(info.seconds).toBeLessThanOrEqual(GIF_SECONDS.max);
  expect(info.width).toBeGreaterThanOrEqual(640);
  expect(gif.length).toBeLessThan(1024 * 1024);
  // However long the recording's steps were, the loop is fitted into that range.
  const total = (list: number[]) => list.reduce((sum, value) => sum + value, 0);
  expect(total(fitDurations([...Array(200).fill(0.1), 5, 5, 3], GIF_SECONDS))).toBeLessThanOrEqual(GIF_SECONDS.max);
  expect(total(fitDurations([0.5, 0.5, 3], GIF_SECONDS))).toBeGreaterThanOrEqual(GIF_SECONDS.min);
});

test("the all story is every story, one after the other", () => {
  // Every named story is in it, once, in the order they are named: a story added and not put in
  // `all` fails here.
  const named = Object.entries(STORIES).filter(([name]) => name !== "all");
  expect(named.map(([name]) => name)).toEqual(["member", "admin", "authority", "team"]);
  expect(STORIES.all).toEqual(named.flatMap(([, stories]) => stories));
});
