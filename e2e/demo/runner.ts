// Runs demo stories in a real Chromium against a real server and leaves a storyboard, the
// steps as JSON, and (when an encoder is found) a captioned video and a GIF of the core flow.
// Used by `npm run demo` (e2e/demo/cli.ts) and, in fast mode, by the test suite.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import { plainDriver, type Driver, type User } from "../support/console";
import { browserExecutable, CHROMIUM_ARGS } from "../support/chromium";
import { startServer } from "../support/server";
import { hideTerminal, installOverlay, pointAndClick, setCaption, showTerminal } from "./overlay";
import { startScreencast, type Frame } from "./screencast";
import { demoPerson, type Story, type StepContext } from "./story";
import { writeStoryboard } from "./storyboard";
import { encodeGif, encodeVideo, findEncoder } from "./video";

export type DemoOptions = {
  stories: Story[];
  /** A server that is already running; otherwise each story gets a fresh one on a free port. */
  baseUrl?: string;
  admin?: User;
  headed?: boolean;
  /** Milliseconds between steps (and the pointer's travel); 0 is fast mode. */
  pace: number;
  video: boolean;
  out: string;
  log?: (line: string) => void;
};

export type StepRecord = {
  story: string;
  number: number;
  caption: string;
  ms: number;
  screenshot: string;
  ok: boolean;
  error?: string;
  /** Seconds since the epoch: where the step lies in the recording. */
  from: number;
  to: number;
  gif: boolean;
};

export type DemoResult = { steps: StepRecord[]; ok: boolean; video?: string; gif?: string; notes: string[] };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Clicks where a viewer can see them: the pointer travels there and shows the click; typing is paced. */
function visibleDriver(page: Page, pace: number): Driver {
  const travel = Math.min(500, Math.max(150, pace / 3));
  const click: Driver["click"] = async (target) => {
    await target.scrollIntoViewIfNeeded();
    const box = await target.boundingBox();
    if (box) await pointAndClick(page, box.x + box.width / 2, box.y + box.height / 2, travel);
    await target.click();
  };
  const type: Driver["type"] = async (target, text) => {
    await click(target);
    await target.fill("");
    await target.pressSequentially(text, { delay: 35 });
  };
  return { page, click, type };
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40);

async function runStory(browser: Browser, story: Story, options: DemoOptions, records: StepRecord[], frames: Frame[]) {
  const log = options.log ?? (() => {});
  const server = options.baseUrl ? null : await startServer(await freePort(), { SIGNUPS_PER_IP_PER_HOUR: "100" });
  const baseURL = options.baseUrl ?? server!.url;
  const visible = options.pace > 0 || options.video;
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 800 },
    permissions: ["clipboard-read", "clipboard-write"],
    acceptDownloads: true,
  });
  const page = await context.newPage();
  try {
    if (visible) await installOverlay(page);
    const recording = options.video ? await startScreencast(page, path.join(options.out, ".frames"), frames) : null;
    const driver = visible ? visibleDriver(page, options.pace) : plainDriver(page);
    const state: Record<string, string> = {};
    const stepContext: StepContext = {
      driver,
      page,
      browser,
      baseURL,
      state,
      admin: options.baseUrl ? options.admin : undefined,
      person: (name) => demoPerson(name, !options.baseUrl),
      async otherDriver() {
        const other = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
        const otherPage = await other.newPage();
        if (visible) await installOverlay(otherPage);
        return visible ? visibleDriver(otherPage, options.pace) : plainDriver(otherPage);
      },
      // The terminal panel is for viewers: fast mode only runs the request.
      terminal: (title, lines) => (visible ? showTerminal(page, title, lines) : Promise.resolve()),
      closeTerminal: () => (visible ? hideTerminal(page) : Promise.resolve()),
    };

    for (const [index, current] of story.steps.entries()) {
      const number = index + 1;
      const screenshot = path.join("steps", `${story.name}-${String(number).padStart(2, "0")}-${slug(current.caption)}.png`);
      const record: StepRecord = {
        story: story.name,
        number,
        caption: current.caption,
        ms: 0,
        screenshot,
        ok: false,
        from: Date.now() / 1000,
        to: 0,
        gif: Boolean(current.gif),
      };
      records.push(record);
      const started = Date.now();
      try {
        if (visible) await setCaption(page, `${number}. ${current.caption}`);
        const shown = (await current.run(stepContext)) ?? page;
        record.ms = Date.now() - started;
        if (options.pace > 0) await page.waitForTimeout(options.pace);
        if (visible && shown !== page) await setCaption(shown, `${number}. ${current.caption}`);
        await shown.screenshot({ path: path.join(options.out, screenshot) });
        record.ok = true;
        log(`  ✓ ${story.name} ${number}. ${current.caption} (${record.ms} ms)`);
      } catch (error) {
        record.ms = Date.now() - started;
        record.error = error instanceof Error ? error.message.split("\n")[0] : String(error);
        await page.screenshot({ path: path.join(options.out, screenshot) }).catch(() => {});
        log(`  ✘ ${story.name} ${number}. ${current.caption}: ${record.error}`);
        throw error;
      } finally {
        record.to = Date.now() / 1000;
      }
    }
    await recording?.stop();
  } finally {
    await context.close();
    await server?.stop();
  }
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const log = options.log ?? (() => {});
  fs.mkdirSync(path.join(options.out, "steps"), { recursive: true });
  const records: StepRecord[] = [];
  const frames: Frame[] = [];
  const notes: string[] = [];
  const browser = await chromium.launch({ headless: !options.headed, executablePath: browserExecutable(), args: CHROMIUM_ARGS });
  let ok = true;
  try {
    for (const story of options.stories) {
      log(`${story.title}`);
      await runStory(browser, story, options, records, frames);
    }
  } catch (error) {
    ok = false;
    // A failed step has said what failed; anything else (a server that did not start) says it here.
    if (!records.some((record) => record.error))
      notes.push(`The demo could not run: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await browser.close();
  }

  const result: DemoResult = { steps: records, ok, notes };
  if (options.video && ok) {
    const encoder = findEncoder();
    if (!encoder) {
      notes.push(
        "No video encoder was found: `npm install` brings one (@ffmpeg-installer/ffmpeg), or install ffmpeg (apt-get install -y ffmpeg). The storyboard is complete.",
      );
    } else {
      result.video = encodeVideo(encoder, frames, path.join(options.out, "demo.webm"));
      const windows = records.filter((record) => record.gif).map((record) => [record.from, record.to] as const);
      if (windows.length > 0) result.gif = encodeGif(encoder, frames, windows, path.join(options.out, "demo.gif"));
    }
  }
  fs.rmSync(path.join(options.out, ".frames"), { recursive: true, force: true });
  writeStoryboard(options.out, options.stories, result);
  return result;
}
