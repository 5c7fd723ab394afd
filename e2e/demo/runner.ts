// Runs demo stories in a real Chromium against a real server. Each story leaves its own folder
// (demo-output/member/, demo-output/admin/): a storyboard, the steps as JSON, and (when an
// encoder is found) a captioned video with its poster and, for a story that has one, a GIF of
// its core loop. Running one story never touches another's folder.
// Used by `npm run demo` (e2e/demo/cli.ts) and, in fast mode, by the test suite.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { plainDriver, type Driver, type User } from "../support/console";
import { browserExecutable, CHROMIUM_ARGS } from "../support/chromium";
import { startServer } from "../support/server";
import { hideTerminal, installOverlay, pointAndClick, setCaption, showEndCard, showPanel, showTerminal, showTitleCard } from "./overlay";
import { startCamera, type Camera, type Frame } from "./screencast";
import { demoPerson, type Story, type StepContext } from "./story";
import { writeIndex, writeStoryboard } from "./storyboard";
import { encodeGif, encodeVideo, findEncoder } from "./video";

export type DemoOptions = {
  stories: Story[];
  /** A server that is already running; otherwise each story gets a fresh one. */
  baseUrl?: string;
  /** The fresh server's port (default: DEMO_PORT, else a free one). */
  port?: number;
  /** How long a fresh server may take to start before the demo gives up (and stops it). */
  startTimeoutMs?: number;
  admin?: User;
  headed?: boolean;
  /** Milliseconds between steps (and the pointer's travel); 0 is fast mode. */
  pace: number;
  video: boolean;
  out: string;
  log?: (line: string) => void;
  /** Called after a story's last step, with its page still open (the tests look at it). */
  afterStory?: (story: Story, context: StepContext) => Promise<void>;
};

export type StepRecord = {
  story: string;
  number: number;
  caption: string;
  ms: number;
  /** Relative to the story's folder. */
  screenshot: string;
  ok: boolean;
  error?: string;
  /** Seconds since the epoch: where the step lies in the recording. */
  from: number;
  to: number;
  gif: boolean;
};

export type StoryResult = {
  name: string;
  /** The story's own folder. */
  dir: string;
  ok: boolean;
  steps: StepRecord[];
  /** Files in `dir`. */
  video?: string;
  poster?: string;
  gif?: string;
  end?: string;
  notes: string[];
};

export type DemoResult = { ok: boolean; stories: StoryResult[]; steps: StepRecord[]; notes: string[] };

/** How long a recorded demo holds a card, and a panel that proves something, for a viewer to read it. */
export const CARD_HOLD_MS = 3_500;
export const PROOF_HOLD_MS = 4_500;

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

/**
 * Clicks where a viewer can see them: the pointer travels there and shows the click. Text is
 * filled at once (nobody wants to watch a form being typed), then left a moment to be read.
 * The camera follows whoever acts: the video shows the page being clicked.
 */
function visibleDriver(page: Page, pace: number, camera: () => Camera | null): Driver {
  const travel = Math.min(500, Math.max(150, pace / 3));
  const click: Driver["click"] = async (target) => {
    await camera()?.focus(page);
    await target.scrollIntoViewIfNeeded();
    const box = await target.boundingBox();
    if (box) await pointAndClick(page, box.x + box.width / 2, box.y + box.height / 2, travel);
    await target.click();
  };
  const type: Driver["type"] = async (target, text) => {
    await click(target);
    await target.fill(text);
    await page.waitForTimeout(Math.min(400, pace / 3));
  };
  return { page, click, type };
}

/** Waits until what the page shows has arrived: no transition under way, nothing still loading. */
async function settle(page: Page) {
  await page
    .waitForFunction(
      () => {
        const moving = document
          .getAnimations()
          .some((animation) => animation.playState === "running" && animation.effect?.getComputedTiming().iterations !== Infinity);
        const loading = [...document.querySelectorAll('[aria-busy="true"], [role="status"]')].some(
          (element) =>
            (element.getAttribute("aria-busy") === "true" || /^\s*Loading\b/.test(element.textContent ?? "")) && element.checkVisibility(),
        );
        return !moving && !loading;
      },
      null,
      { timeout: 5_000, polling: 100 },
    )
    .catch(() => {}); // a page that never settles is still filmed: the step's own checks decide
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40);

async function runStory(browser: Browser, story: Story, options: DemoOptions, result: StoryResult, frames: Frame[]) {
  const log = options.log ?? (() => {});
  const dir = result.dir;
  const visible = options.pace > 0 || options.video;
  const hold = (ms: number) => (options.pace > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());
  const port = options.port ?? (process.env.DEMO_PORT ? Number(process.env.DEMO_PORT) : await freePort());
  const server = options.baseUrl
    ? null
    : await startServer(port, { SIGNUPS_PER_IP_PER_HOUR: "100" }, { timeoutMs: options.startTimeoutMs ?? 120_000 });
  const baseURL = options.baseUrl ?? server!.url;
  const contexts: BrowserContext[] = [];
  try {
    const newContext = async () => {
      const context = await browser.newContext({
        baseURL,
        // As a person's browser reads in the token's details ("Chrome on Linux"), not "Chrome Headless".
        userAgent: browser.version()
          ? `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version()} Safari/537.36`
          : undefined,
        viewport: { width: 1280, height: 800 },
        permissions: ["clipboard-read", "clipboard-write"],
        acceptDownloads: true,
      });
      contexts.push(context);
      return context;
    };
    const page = await (await newContext()).newPage();
    let camera: Camera | null = null;
    let caption = "";
    const state: Record<string, string> = {};
    const stepContext: StepContext = {
      driver: visible ? visibleDriver(page, options.pace, () => camera) : plainDriver(page),
      page,
      browser,
      baseURL,
      state,
      admin: options.baseUrl ? options.admin : undefined,
      person: (name) => demoPerson(name, !options.baseUrl),
      async otherDriver(who) {
        const otherPage = await (await newContext()).newPage();
        if (!visible) return plainDriver(otherPage);
        await installOverlay(otherPage);
        await setCaption(otherPage, caption, who);
        await camera?.attach(otherPage);
        return visibleDriver(otherPage, options.pace, () => camera);
      },
      // The panels are for viewers: fast mode only runs the request.
      terminal: async (title, lines) => {
        if (!visible) return;
        await showTerminal(page, title, lines);
        await hold(PROOF_HOLD_MS);
      },
      panel: async (title, aside, content) => {
        if (!visible) return;
        await showPanel(page, title, aside, content);
        await hold(PROOF_HOLD_MS);
      },
      closeTerminal: () => (visible ? hideTerminal(page) : Promise.resolve()),
      hold: async (ms = PROOF_HOLD_MS) => {
        await hold(ms);
      },
      async offCamera(run) {
        camera?.pause();
        try {
          return await run();
        } finally {
          if (visible) await settle(page);
          await camera?.focus(page);
        }
      },
    };

    // What the installation has before the story (its admin, say): done off camera, plainly.
    if (story.setup) {
      const behind = await (await newContext()).newPage();
      await story.setup({ ...stepContext, page: behind, driver: plainDriver(behind) });
      await behind.context().close();
    }

    if (visible) {
      await installOverlay(page);
      await showTitleCard(page, "Token Console", story.title, story.points);
      result.poster = "poster.png";
      await page.screenshot({ path: path.join(dir, result.poster) });
      if (options.video) camera = await startCamera(path.join(dir, ".frames"), frames);
      await camera?.attach(page);
      await camera?.focus(page);
      await hold(CARD_HOLD_MS);
    }

    for (const [index, current] of story.steps.entries()) {
      const number = index + 1;
      const screenshot = path.join("steps", `${String(number).padStart(2, "0")}-${slug(current.caption)}.png`);
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
      result.steps.push(record);
      const started = Date.now();
      try {
        caption = `${number}. ${current.caption}`;
        await camera?.focus(page);
        if (visible) await setCaption(page, caption, undefined, current.gif ? story.gif?.captionX : undefined);
        const shown = (await current.run(stepContext)) ?? page;
        record.ms = Date.now() - started;
        if (visible) await settle(shown);
        if (options.pace > 0) await shown.waitForTimeout(options.pace);
        await shown.screenshot({ path: path.join(dir, screenshot) });
        record.ok = true;
        log(`  ✓ ${story.name} ${number}. ${current.caption} (${record.ms} ms)`);
      } catch (error) {
        record.ms = Date.now() - started;
        record.error = error instanceof Error ? error.message.split("\n")[0] : String(error);
        await page.screenshot({ path: path.join(dir, screenshot) }).catch(() => {});
        log(`  ✘ ${story.name} ${number}. ${current.caption}: ${record.error}`);
        throw error;
      } finally {
        record.to = Date.now() / 1000;
      }
    }

    await options.afterStory?.(story, stepContext);
    if (visible) {
      await camera?.focus(page);
      await setCaption(page, "");
      await hideTerminal(page);
      await settle(page);
      await showEndCard(page, story.end.heading, story.end.points);
      result.end = path.join("steps", "end.png");
      await page.screenshot({ path: path.join(dir, result.end) });
      await hold(CARD_HOLD_MS + 1_000);
    }
    await camera?.stop();
    result.ok = true;
  } finally {
    for (const context of contexts) await context.close().catch(() => {});
    await server?.stop();
  }
}

function encode(story: Story, result: StoryResult, frames: Frame[]) {
  const encoder = findEncoder();
  if (!encoder) {
    result.notes.push(
      "No video encoder was found: `npm install` brings one (@ffmpeg-installer/ffmpeg), or install ffmpeg (apt-get install -y ffmpeg). The storyboard is complete.",
    );
    return;
  }
  const video = encodeVideo(encoder, frames, path.join(result.dir, "demo.webm"));
  if (video) result.video = path.basename(video);
  const windows = result.steps.filter((step) => step.gif).map((step) => [step.from, step.to] as const);
  if (windows.length === 0) return;
  const gif = encodeGif(encoder, frames, windows, path.join(result.dir, "demo.gif"), { crop: story.gif?.crop });
  if (gif) result.gif = path.basename(gif);
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const log = options.log ?? (() => {});
  const notes: string[] = [];
  const results: StoryResult[] = [];
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ headless: !options.headed, executablePath: browserExecutable(), args: CHROMIUM_ARGS });
    for (const story of options.stories) {
      // Each story owns its folder, and only its folder.
      const dir = path.join(options.out, story.name);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(path.join(dir, "steps"), { recursive: true });
      const result: StoryResult = { name: story.name, dir, ok: false, steps: [], notes: [] };
      results.push(result);
      const frames: Frame[] = [];
      log(story.title);
      try {
        await runStory(browser, story, options, result, frames);
        if (options.video) encode(story, result, frames);
      } catch (error) {
        // A failed step has said what failed; anything else (a server that did not start) says it here.
        if (!result.steps.some((step) => step.error))
          result.notes.push(`The demo could not run: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        fs.rmSync(path.join(dir, ".frames"), { recursive: true, force: true });
        writeStoryboard(dir, story, result);
      }
      if (!result.ok) break;
    }
  } catch (error) {
    notes.push(`The demo could not run: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await browser?.close().catch(() => {});
  }
  writeIndex(options.out);
  const ok = notes.length === 0 && results.length === options.stories.length && results.every((result) => result.ok);
  return {
    ok,
    stories: results,
    steps: results.flatMap((result) => result.steps),
    notes: [...notes, ...results.flatMap((result) => result.notes)],
  };
}
