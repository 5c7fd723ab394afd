// One demo story, step by step, in its own browser contexts and (unless one is given) its own
// server: the title card, each step captioned and screenshotted, the end card, and the frames
// for the video. Called by runDemo (runner.ts), which writes what it leaves.
import path from "node:path";
import type { Browser, BrowserContext } from "@playwright/test";
import { plainDriver } from "../support/console";
import { freePort, startServer } from "../support/server";
import { signedInLongAgo } from "../support/sudo";
import { hideTerminal, installOverlay, setCaption, showEndCard, showPanel, showTerminal, showTitleCard } from "./overlay";
import type { DemoOptions, StepRecord, StoryResult } from "./runner";
import { startCamera, type Camera, type Frame } from "./screencast";
import { demoPerson, type Services, type Story, type StepContext } from "./story";
import { settle, visibleDriver } from "./visible-driver";

/** How long a recorded demo holds a card, and a panel that proves something, for a viewer to read it. */
export const CARD_HOLD_MS = 3_500;
export const PROOF_HOLD_MS = 4_500;

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40);

export async function runStory(browser: Browser, story: Story, options: DemoOptions, result: StoryResult, frames: Frame[]) {
  const log = options.log ?? (() => {});
  const dir = result.dir;
  const visible = options.pace > 0 || options.video;
  const hold = (ms: number) => (options.pace > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());
  const given = options.port ?? (process.env.DEMO_PORT ? Number(process.env.DEMO_PORT) : undefined);
  const port = given ?? (await freePort());
  if (options.baseUrl && story.serverEnv)
    throw new Error(
      `the ${story.name} story needs a server of its own (it sets ${Object.keys(story.serverEnv).join(", ")}): run it without --base-url`,
    );
  const server = options.baseUrl
    ? null
    : await startServer(port, { SIGNUPS_PER_IP_PER_HOUR: "100", ...story.serverEnv }, { timeoutMs: options.startTimeoutMs ?? 120_000 });
  const baseURL = options.baseUrl ?? server!.url;
  const contexts: BrowserContext[] = [];
  let services: Services | null = null;
  try {
    // The ports asked for, else the ones after the console's own, else free ones.
    const wanted = [...(options.servicePorts ?? [])];
    let next = port;
    const servicePort = async () => wanted.shift() ?? (given !== undefined ? ++next : await freePort());
    services = story.services ? await story.services(baseURL, servicePort) : null;
    const newContext = async (host?: "localhost") => {
      const context = await browser.newContext({
        baseURL: host ? baseURL.replace("//127.0.0.1", `//${host}`) : baseURL,
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
      async otherDriver(who, { host } = {}) {
        const otherPage = await (await newContext(host)).newPage();
        if (!visible) return plainDriver(otherPage);
        await installOverlay(otherPage);
        await setCaption(otherPage, caption, who);
        await camera?.attach(otherPage);
        return visibleDriver(otherPage, options.pace, () => camera);
      },
      async focusOn(other, who) {
        if (!visible) return;
        await setCaption(other.page, caption, who);
        await camera?.focus(other.page);
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
      services: services?.urls ?? {},
      signedInLongAgo(email) {
        if (!server) throw new Error("signedInLongAgo needs the server the demo started: mark the step ownServer");
        if (signedInLongAgo(path.join(server.dataDir, "token-console.db"), email) === 0) throw new Error(`no session of ${email} to age`);
      },
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

    // Against a server in use, a step that needs the demo's own server is left out, and said so.
    const steps = story.steps.filter((current) => !(options.baseUrl && current.ownServer));
    if (steps.length < story.steps.length)
      result.notes.push(
        `Left out against --base-url (they need the server the demo starts): ${story.steps
          .filter((current) => current.ownServer)
          .map((current) => `“${current.caption}”`)
          .join(", ")}.`,
      );
    for (const [index, current] of steps.entries()) {
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
    // What the story started beside the console (by PID), then the console.
    await services?.stop().catch(() => {});
    await server?.stop();
  }
}
