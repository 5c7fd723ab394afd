// What a demo adds to the page while it records: the step's caption along the bottom, a
// pointer that travels to what is clicked and shows the click, and a small terminal panel for
// the API calls the story makes. Installed in every page the demo opens (and re-installed
// after each navigation); it never takes clicks from the page.
import type { Page } from "@playwright/test";

const STYLE = `
      #demo-caption{position:fixed;left:50%;bottom:24px;transform:translateX(-50%);z-index:2147483647;max-width:min(880px,90vw);
        padding:12px 20px;border-radius:12px;background:rgba(15,23,42,.92);color:#fff;font:600 18px/1.4 system-ui,sans-serif;
        box-shadow:0 10px 30px rgba(0,0,0,.25);pointer-events:none;text-align:center}
      #demo-caption:empty{display:none}
      #demo-pointer{position:fixed;left:0;top:0;width:22px;height:22px;margin:-11px 0 0 -11px;border-radius:50%;z-index:2147483647;
        background:rgba(47,111,236,.35);border:2px solid #1f56d6;pointer-events:none;transition:transform .45s ease-in-out;opacity:0}
      #demo-pointer.click{animation:demo-click .5s ease-out}
      @keyframes demo-click{0%{box-shadow:0 0 0 0 rgba(47,111,236,.6)}100%{box-shadow:0 0 0 26px rgba(47,111,236,0)}}
      #demo-terminal{position:fixed;right:24px;top:24px;z-index:2147483646;width:min(560px,92vw);max-height:70vh;overflow:hidden;border-radius:10px;
        background:#0b1020;color:#e2e8f0;font:12.5px/1.5 ui-monospace,Menlo,Consolas,monospace;box-shadow:0 20px 40px rgba(0,0,0,.35);pointer-events:none}
      #demo-terminal header{padding:7px 12px;background:#1e293b;color:#94a3b8;font:600 12px system-ui,sans-serif}
      #demo-terminal pre{margin:0;padding:12px 14px;white-space:pre-wrap;word-break:break-all}
      #demo-terminal .ok{color:#4ade80} #demo-terminal .bad{color:#f87171} #demo-terminal .cmd{color:#93c5fd}`;

// Plain JavaScript, as a string: the page runs it as it is (no build step's helpers in it).
const INSTALL = `(() => {
  if (window.__demo) return;
  window.__demo = true;
  function mount() {
    const style = document.createElement("style");
    style.textContent = ${JSON.stringify(STYLE)};
    document.head.append(style);
    const caption = document.createElement("div");
    caption.id = "demo-caption";
    const pointer = document.createElement("div");
    pointer.id = "demo-pointer";
    document.body.append(caption, pointer);
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();`;

/** The caption each page shows, put back after every navigation. */
const captions = new WeakMap<Page, string>();

function showCaption(page: Page) {
  return page
    .evaluate(
      (caption) => {
        const element = document.getElementById("demo-caption");
        if (element) element.textContent = caption;
      },
      captions.get(page) ?? "",
    )
    .catch(() => {}); // the page navigated away meanwhile: the next load shows it
}

export async function installOverlay(page: Page) {
  await page.addInitScript(INSTALL);
  page.on("domcontentloaded", () => void showCaption(page));
}

export async function setCaption(page: Page, text: string) {
  captions.set(page, text);
  await showCaption(page);
}

/** Moves the pointer to (x, y) and shows a click there. */
export async function pointAndClick(page: Page, x: number, y: number, travelMs: number) {
  await page.evaluate(
    ([left, top]) => {
      const pointer = document.getElementById("demo-pointer");
      if (!pointer) return;
      pointer.style.opacity = "1";
      pointer.style.transform = `translate(${left}px, ${top}px)`;
    },
    [x, y],
  );
  await page.waitForTimeout(travelMs);
  await page.evaluate(() => {
    const pointer = document.getElementById("demo-pointer");
    pointer?.classList.remove("click");
    void pointer?.offsetWidth;
    pointer?.classList.add("click");
  });
}

export type TerminalLine = { text: string; tone?: "cmd" | "ok" | "bad" };

export async function showTerminal(page: Page, title: string, lines: TerminalLine[]) {
  await page.evaluate(
    ({ heading, rows }) => {
      document.getElementById("demo-terminal")?.remove();
      const panel = Object.assign(document.createElement("section"), { id: "demo-terminal" });
      const header = document.createElement("header");
      header.textContent = heading;
      const pre = document.createElement("pre");
      for (const row of rows) {
        const span = document.createElement("span");
        if (row.tone) span.className = row.tone;
        span.textContent = `${row.text}\n`;
        pre.append(span);
      }
      panel.append(header, pre);
      document.body.append(panel);
    },
    { heading: title, rows: lines },
  );
}

export async function hideTerminal(page: Page) {
  await page.evaluate(() => document.getElementById("demo-terminal")?.remove());
}
