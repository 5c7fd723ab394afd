// Runs demo stories in a real Chromium against a real server. Each story leaves its own folder
// (demo-output/member/, demo-output/admin/): a storyboard, the steps as JSON, and (when an
// encoder is found) a captioned video with its poster and, for a story that has one, a GIF of
// its core loop. Running one story never touches another's folder.
// Used by `npm run demo` (e2e/demo/cli.ts) and, in fast mode, by the test suite. One story's
// run is in run-story.ts; how a demo clicks where a viewer sees it, in visible-driver.ts.
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "@playwright/test";
import type { User } from "../support/console";
import { browserExecutable, CHROMIUM_ARGS } from "../support/chromium";
import { runStory } from "./run-story";
import type { Frame } from "./screencast";
import type { Story, StepContext } from "./story";
import { writeIndex, writeStoryboard } from "./storyboard";
import { encodeGif, encodeVideo, findEncoder } from "./video";

export type DemoOptions = {
  stories: Story[];
  /** A server that is already running; otherwise each story gets a fresh one. */
  baseUrl?: string;
  /** The fresh server's port (default: DEMO_PORT, else a free one). */
  port?: number;
  /**
   * Ports for what a story starts beside the console (the authority story's service and nginx),
   * in order: by default the ones after the console's port when it was given (--port,
   * DEMO_PORT), else free ones.
   */
  servicePorts?: number[];
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
