// `npm run demo [-- options]`: the console's stories in a real browser, each with a storyboard,
// a captioned video and (the member's) a GIF in its own folder of demo-output/. See docs/demos.md.
// It builds the app first when the build is missing or stale, and ends with a non-zero exit
// code on every failure (a build that fails, a server that does not start in time, a step that
// fails), never waiting on anything it started: a demo run in CI must not hang.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildState } from "../../scripts/build-stamp.mjs";
import { readGif } from "./gif";
import { runDemo } from "./runner";
import { STORIES } from "./stories";
import { videoSeconds, findEncoder } from "./video";

const USAGE = `Usage: npm run demo -- [options]
  --story <name>     ${Object.keys(STORIES).join(", ")} (default: member)
                     (authority also starts a service and nginx: on the two ports
                     after --port or DEMO_PORT, else on free ones)
  --pace <ms>        pause between steps, for viewers (default: 1200; 0 for fast mode)
  --no-video         the storyboard only
  --headed           show the browser (needs a display)
  --out <dir>        where the output goes, a folder per story (default: demo-output)
  --port <n>         the fresh server's port (default: DEMO_PORT, else a free one)
  --start-timeout <s>  how long the fresh server may take to start (default: 120)
  --base-url <url>   a server that is already running (else a fresh one, built first if needed);
                     the admin story then logs in as DEMO_ADMIN_EMAIL / DEMO_ADMIN_PASSWORD
  --gif-to <dir>     also copy the member story's demo.gif there (the README's: docs/)`;

const rel = (file: string) => path.relative(process.cwd(), file) || ".";

/**
 * `npm run build` when the build is missing or older than the code, before any server starts:
 * a server that builds inside its own start can outlast any start timeout. One line says so,
 * updated while it runs on a terminal; its output goes to a log, shown in part if it fails.
 */
async function buildFirst(out: string): Promise<boolean> {
  const state = buildState();
  if (state === "current") return true;
  fs.mkdirSync(out, { recursive: true });
  const logFile = path.join(out, "build.log");
  const why = state === "missing" ? "there is no production build yet" : "the code has changed since the last build";
  const started = Date.now();
  const line = (text: string) => (process.stdout.isTTY ? process.stdout.write(`\r\x1b[2K${text}`) : undefined);
  console.log(`Building the console first (${why}); this takes a minute or two. Output: ${rel(logFile)}`);
  const log = fs.openSync(logFile, "w");
  const child = spawn(process.execPath, [path.join("scripts", "next.mjs"), "build"], { stdio: ["ignore", log, log] });
  const ticker = setInterval(() => line(`  building… ${Math.round((Date.now() - started) / 1000)} s`), 1000);
  const code = await new Promise<number>((resolve) => {
    child.once("error", () => resolve(1));
    child.once("exit", (exit) => resolve(exit ?? 1));
  });
  clearInterval(ticker);
  fs.closeSync(log);
  line("");
  const seconds = Math.round((Date.now() - started) / 1000);
  if (code === 0) {
    console.log(`Built in ${seconds} s.`);
    return true;
  }
  const tail = fs.readFileSync(logFile, "utf8").trim().split("\n").slice(-15).join("\n");
  console.error(`${tail}\n\nThe build failed after ${seconds} s (exit code ${code}): the whole output is in ${rel(logFile)}.`);
  return false;
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        story: { type: "string", default: "member" },
        pace: { type: "string", default: "1200" },
        "no-video": { type: "boolean", default: false },
        headed: { type: "boolean", default: false },
        out: { type: "string", default: "demo-output" },
        port: { type: "string" },
        "start-timeout": { type: "string", default: "120" },
        "base-url": { type: "string" },
        "gif-to": { type: "string" },
        help: { type: "boolean", default: false },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const named = STORIES[values.story];
  const pace = Number(values.pace);
  const port = values.port === undefined ? undefined : Number(values.port);
  const startTimeout = Number(values["start-timeout"]);
  const baseUrl = values["base-url"]?.replace(/\/$/, "");
  // A story that sets its server's settings (the authority story's TRUST_PROXY) needs a server of
  // its own: against --base-url, `all` leaves it out, and naming it is refused.
  const ownServer = (named ?? []).filter((story) => story.serverEnv);
  const stories = baseUrl && values.story === "all" ? named?.filter((story) => !story.serverEnv) : named;
  const wrong = !stories
    ? `There is no story named "${values.story}".`
    : baseUrl && values.story !== "all" && ownServer.length > 0
      ? `The ${values.story} story starts a server of its own (with ${Object.keys(ownServer[0]!.serverEnv!).join(", ")}, for its nginx): run it without --base-url.`
      : !Number.isInteger(pace) || pace < 0
        ? "--pace takes a whole number of milliseconds."
        : port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)
          ? "--port takes a port number."
          : !(startTimeout > 0)
            ? "--start-timeout takes a number of seconds."
            : null;
  if (wrong || !stories) {
    console.error(`${wrong}\n\n${USAGE}`);
    return 2;
  }
  if (values.headed && !process.env.DISPLAY && process.platform === "linux") {
    console.error("--headed needs a display (DISPLAY is not set). Run without it, or under xvfb-run.");
    return 2;
  }
  if (baseUrl && values.story === "all" && ownServer.length > 0)
    console.log(
      `Against --base-url, --story all leaves out ${ownServer.map((story) => story.name).join(", ")} (it starts a server of its own).`,
    );
  const admin =
    process.env.DEMO_ADMIN_EMAIL && process.env.DEMO_ADMIN_PASSWORD
      ? { name: "Admin", email: process.env.DEMO_ADMIN_EMAIL, password: process.env.DEMO_ADMIN_PASSWORD }
      : undefined;
  if (baseUrl && stories.some((story) => story.name === "admin") && !admin) {
    console.error("The admin story against --base-url needs an admin account: set DEMO_ADMIN_EMAIL and DEMO_ADMIN_PASSWORD.");
    return 2;
  }

  const out = path.resolve(values.out);
  if (!baseUrl && !(await buildFirst(out))) return 1;
  const video = !values["no-video"];
  console.log(
    `Demo "${values.story}"${baseUrl ? ` against ${baseUrl}` : " on a fresh server with a throw-away database"} → ${stories.map((story) => `${rel(path.join(out, story.name))}/`).join(", ")}`,
  );
  const result = await runDemo({
    stories,
    baseUrl,
    port,
    startTimeoutMs: startTimeout * 1000,
    admin,
    headed: values.headed,
    pace,
    video,
    out,
    log: (line) => console.log(line),
  });

  for (const note of result.notes) console.error(note);
  for (const story of result.stories) {
    const file = (name: string) => path.join(story.dir, name);
    console.log(`${story.name}: storyboard ${rel(file("index.html"))}`);
    if (story.video) console.log(`  video ${rel(file(story.video))} (${videoSeconds(findEncoder()!, file(story.video)).toFixed(1)} s)`);
    if (story.gif) {
      const gif = file(story.gif);
      console.log(
        `  GIF ${rel(gif)} (${readGif(fs.readFileSync(gif)).seconds.toFixed(1)} s, ${(fs.statSync(gif).size / 1024).toFixed(0)} KB)`,
      );
      if (values["gif-to"]) {
        fs.mkdirSync(values["gif-to"], { recursive: true });
        fs.copyFileSync(gif, path.join(values["gif-to"], "demo.gif"));
        console.log(`  copied to ${path.join(values["gif-to"], "demo.gif")}`);
      }
    }
  }
  if (!result.ok) {
    const failed = result.steps.find((step) => !step.ok);
    console.error(
      failed
        ? `The demo stopped at a failed step (${failed.story} ${failed.number}): see ${rel(path.join(out, failed.story, "index.html"))}.`
        : "The demo could not run (see above).",
    );
  }
  return result.ok ? 0 : 1;
}

// Exit with the code, whatever may still be open: nothing the demo started outlives it
// (servers and the browser are stopped in runDemo), and nothing else may keep it waiting.
void main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
