// Records a page with Chromium's own screencast (the DevTools protocol): a JPEG each time the
// page paints, with its time. Playwright's video recording needs an ffmpeg it downloads, which
// these machines cannot; this needs nothing.
import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";

export type Frame = { file: string; at: number };

export async function startScreencast(page: Page, dir: string, frames: Frame[]) {
  fs.mkdirSync(dir, { recursive: true });
  const session = await page.context().newCDPSession(page);
  session.on("Page.screencastFrame", (event: { data: string; sessionId: number; metadata: { timestamp?: number } }) => {
    const file = path.join(dir, `${String(frames.length).padStart(6, "0")}.jpg`);
    fs.writeFileSync(file, Buffer.from(event.data, "base64"));
    frames.push({ file, at: event.metadata.timestamp ?? Date.now() / 1000 });
    void session.send("Page.screencastFrameAck", { sessionId: event.sessionId }).catch(() => {});
  });
  await session.send("Page.startScreencast", { format: "jpeg", quality: 80, maxWidth: 1280, maxHeight: 800, everyNthFrame: 1 });
  return {
    async stop() {
      await session.send("Page.stopScreencast").catch(() => {});
      await session.detach().catch(() => {});
    },
  };
}
