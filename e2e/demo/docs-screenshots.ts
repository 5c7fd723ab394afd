// `npm run docs:screenshots`: the screenshots of the README and docs/, taken from the demo data
// (`npm run seed -- --demo`) on a production server of their own, so that no test account
// ever shows in them. Writes docs/screenshots/*.png.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { browserExecutable, CHROMIUM_ARGS } from "../support/chromium";
import { logIn, openTokenDetails } from "../support/console";
import { freePort, startServer } from "../support/server";

const OUT = path.join("docs", "screenshots");
const ADMIN = { name: "Maya Chen", email: "maya@example.com", password: "token-console-demo" };

type Shot = { file: string; width: number; height: number; take: (page: Page) => Promise<void> };

const SHOTS: Shot[] = [
  {
    file: "audit-log.png",
    width: 1360,
    height: 900,
    take: async (page) => {
      await page.goto("/admin/audit");
      await page.getByRole("table").waitFor();
    },
  },
  {
    file: "token-details.png",
    width: 1280,
    height: 720,
    take: async (page) => {
      await page.goto("/api-tokens");
      // The admin's own first token, whichever the seed gave her.
      const first = page.getByRole("table").getByRole("row").nth(1).getByRole("button").first();
      await openTokenDetails(page, (await first.innerText()).trim());
    },
  },
  {
    file: "api-docs.png",
    width: 1360,
    height: 900,
    take: async (page) => {
      await page.goto("/api-docs");
      await page.getByRole("heading", { level: 1 }).waitFor();
    },
  },
];

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "token-console-screenshots-"));
  const seeded = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/seed.ts", "--demo"], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" },
    encoding: "utf8",
  });
  if (seeded.status !== 0) throw new Error(`npm run seed -- --demo failed:\n${seeded.stderr}`);
  // Port 3000 when it is free, so that the API Docs show the base URL of the README's quick start.
  const port = (await portIsFree(3000)) ? 3000 : await freePort();
  const server = await startServer(port, {}, { dataDir });
  const browser = await chromium.launch({ executablePath: browserExecutable(), args: CHROMIUM_ARGS });
  try {
    fs.mkdirSync(OUT, { recursive: true });
    for (const shot of SHOTS) {
      const context = await browser.newContext({
        baseURL: `http://localhost:${port}`,
        viewport: { width: shot.width, height: shot.height },
      });
      const page = await context.newPage();
      await logIn(page, ADMIN);
      await shot.take(page);
      // Animations settled, fonts loaded: the picture is what a person sees after a moment.
      await page.evaluate(() => document.fonts.ready);
      await page.waitForTimeout(400);
      await page.screenshot({ path: path.join(OUT, shot.file) });
      await context.close();
      console.log(`${path.join(OUT, shot.file)} (${shot.width}×${shot.height})`);
    }
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
