// Records a story with Chromium's own screencast (the DevTools protocol): a JPEG each time a
// page paints, with its time. Playwright's video recording needs an ffmpeg it downloads, which
// these machines cannot; this needs nothing.
// A story may show more than one person's browser (a teammate acting meanwhile): the camera
// records every page it is given and keeps only the frames of the one in focus, so the video
// shows what is happening rather than a page where nothing changes.
import fs from "node:fs";
import path from "node:path";
import type { CDPSession, Page } from "@playwright/test";

export type Frame = { file: string; at: number };

export type Camera = {
  /** Records this page too (shown once it has the focus). */
  attach(page: Page): Promise<void>;
  /** From now on the video shows this page (from a fresh picture of it: an idle page paints nothing). */
  focus(page: Page): Promise<void>;
  /** Until the next focus, nothing is recorded: the video keeps its last picture. */
  pause(): void;
  stop(): Promise<void>;
};

export async function startCamera(dir: string, frames: Frame[]): Promise<Camera> {
  fs.mkdirSync(dir, { recursive: true });
  const sessions = new Map<Page, CDPSession>();
  let focused: Page | null = null;
  const nextFile = () => path.join(dir, `${String(frames.length).padStart(6, "0")}.jpg`);

  const camera: Camera = {
    async attach(page) {
      const session = await page.context().newCDPSession(page);
      sessions.set(page, session);
      session.on("Page.screencastFrame", (event: { data: string; sessionId: number; metadata: { timestamp?: number } }) => {
        void session.send("Page.screencastFrameAck", { sessionId: event.sessionId }).catch(() => {});
        if (page !== focused) return;
        const file = nextFile();
        fs.writeFileSync(file, Buffer.from(event.data, "base64"));
        frames.push({ file, at: event.metadata.timestamp ?? Date.now() / 1000 });
      });
      await session.send("Page.startScreencast", { format: "jpeg", quality: 80, maxWidth: 1280, maxHeight: 800, everyNthFrame: 1 });
    },
    async focus(page) {
      if (focused === page || !sessions.has(page)) return;
      focused = page;
      const at = Date.now() / 1000;
      const picture = await page.screenshot({ type: "jpeg", quality: 80 }).catch(() => null);
      if (!picture || focused !== page) return;
      const file = nextFile();
      fs.writeFileSync(file, picture);
      frames.push({ file, at });
      frames.sort((a, b) => a.at - b.at);
    },
    pause() {
      focused = null;
    },
    async stop() {
      for (const session of sessions.values()) {
        await session.send("Page.stopScreencast").catch(() => {});
        await session.detach().catch(() => {});
      }
      sessions.clear();
      focused = null;
    },
  };
  return camera;
}
