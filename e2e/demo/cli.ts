// `npm run demo [-- options]`: the console's story in a real browser, with a storyboard, a
// captioned video and a GIF in demo-output/. See the README's "Demos" section.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { runDemo } from "./runner";
import { STORIES } from "./stories";
import { videoSeconds, findEncoder } from "./video";

const USAGE = `Usage: npm run demo -- [options]
  --story <name>     ${Object.keys(STORIES).join(", ")} (default: member)
  --pace <ms>        pause between steps, for viewers (default: 1200; 0 for fast mode)
  --no-video         the storyboard only
  --headed           show the browser (needs a display)
  --out <dir>        where the output goes (default: demo-output)
  --base-url <url>   a server that is already running (else a fresh one on a free port);
                     the admin story then logs in as DEMO_ADMIN_EMAIL / DEMO_ADMIN_PASSWORD
  --gif-to <dir>     also copy demo.gif there (the README's: docs/)`;

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
  const stories = STORIES[values.story];
  const pace = Number(values.pace);
  if (!stories || !Number.isInteger(pace) || pace < 0) {
    console.error(
      `${!stories ? `There is no story named "${values.story}".` : "--pace takes a whole number of milliseconds."}\n\n${USAGE}`,
    );
    return 2;
  }
  if (values.headed && !process.env.DISPLAY && process.platform === "linux") {
    console.error("--headed needs a display (DISPLAY is not set). Run without it, or under xvfb-run.");
    return 2;
  }
  const baseUrl = values["base-url"]?.replace(/\/$/, "");
  const admin =
    process.env.DEMO_ADMIN_EMAIL && process.env.DEMO_ADMIN_PASSWORD
      ? { name: "Admin", email: process.env.DEMO_ADMIN_EMAIL, password: process.env.DEMO_ADMIN_PASSWORD }
      : undefined;
  if (baseUrl && stories.some((story) => story.name === "admin") && !admin) {
    console.error("The admin story against --base-url needs an admin account: set DEMO_ADMIN_EMAIL and DEMO_ADMIN_PASSWORD.");
    return 2;
  }

  const out = path.resolve(values.out);
  fs.rmSync(out, { recursive: true, force: true });
  const video = !values["no-video"];
  console.log(
    `Demo "${values.story}"${baseUrl ? ` against ${baseUrl}` : " on a fresh server with a throw-away database"} → ${path.relative(process.cwd(), out) || "."}/`,
  );
  const result = await runDemo({ stories, baseUrl, admin, headed: values.headed, pace, video, out, log: (line) => console.log(line) });

  for (const note of result.notes) console.log(note);
  console.log(`Storyboard: ${path.join(path.relative(process.cwd(), out), "index.html")}`);
  if (result.video)
    console.log(`Video: ${path.relative(process.cwd(), result.video)} (${videoSeconds(findEncoder()!, result.video).toFixed(1)} s)`);
  if (result.gif) {
    console.log(`GIF: ${path.relative(process.cwd(), result.gif)} (${(fs.statSync(result.gif).size / 1024 / 1024).toFixed(2)} MB)`);
    if (values["gif-to"]) {
      fs.mkdirSync(values["gif-to"], { recursive: true });
      fs.copyFileSync(result.gif, path.join(values["gif-to"], "demo.gif"));
      console.log(`Copied to ${path.join(values["gif-to"], "demo.gif")}`);
    }
  }
  if (!result.ok) console.error("The demo stopped at a failed step: see the storyboard.");
  return result.ok ? 0 : 1;
}

void main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
