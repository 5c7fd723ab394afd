// What a demo adds to the page while it records: the step's caption along the bottom (with
// whose screen it is, when a story shows a teammate's), a pointer that travels to what is
// clicked and shows the click, a small terminal panel for the API calls the story makes, a
// panel for a file or a public page the story shows, and the cards that open and close a
// story. Installed in every page the demo opens (and re-installed after each navigation); it
// never takes clicks from the page.
import type { Page } from "@playwright/test";

const STYLE = `
      #demo-caption{position:fixed;left:var(--demo-caption-x,50%);bottom:24px;transform:translateX(-50%);z-index:2147483647;width:max-content;max-width:min(820px,90vw);
        padding:12px 20px;border-radius:12px;background:rgba(15,23,42,.92);color:#fff;font:600 18px/1.4 system-ui,sans-serif;
        box-shadow:0 10px 30px rgba(0,0,0,.25);pointer-events:none;text-align:center}
      #demo-caption:empty{display:none}
      #demo-caption b{display:block;margin-bottom:2px;color:#93c5fd;font-size:13px;letter-spacing:.02em}
      #demo-pointer{position:fixed;left:0;top:0;width:22px;height:22px;margin:-11px 0 0 -11px;border-radius:50%;z-index:2147483647;
        background:rgba(47,111,236,.35);border:2px solid #1f56d6;pointer-events:none;transition:transform .45s ease-in-out;opacity:0}
      #demo-pointer.click{animation:demo-click .5s ease-out}
      @keyframes demo-click{0%{box-shadow:0 0 0 0 rgba(47,111,236,.6)}100%{box-shadow:0 0 0 26px rgba(47,111,236,0)}}
      #demo-terminal{position:fixed;right:24px;top:24px;z-index:2147483646;width:min(560px,92vw);max-height:70vh;overflow:hidden;border-radius:10px;
        background:#0b1020;color:#e2e8f0;font:12.5px/1.5 ui-monospace,Menlo,Consolas,monospace;box-shadow:0 20px 40px rgba(0,0,0,.35);pointer-events:none}
      #demo-terminal header{padding:7px 12px;background:#1e293b;color:#94a3b8;font:600 12px system-ui,sans-serif}
      #demo-terminal pre{margin:0;padding:12px 14px;white-space:pre-wrap;word-break:break-all}
      #demo-terminal .ok{color:#4ade80} #demo-terminal .bad{color:#f87171} #demo-terminal .cmd{color:#93c5fd}
      #demo-terminal .mark{display:block;margin:0 -14px;padding:0 11px;border-left:3px solid #facc15;background:rgba(250,204,21,.16);font-weight:700}
      #demo-panel{position:fixed;right:24px;top:24px;z-index:2147483646;width:max-content;min-width:min(640px,92vw);max-width:min(940px,92vw);overflow:hidden;border-radius:10px;background:#fff;
        color:#0f172a;font:14px/1.5 system-ui,sans-serif;box-shadow:0 20px 50px rgba(0,0,0,.35);border:1px solid #cbd5e1;pointer-events:none}
      #demo-panel header{display:flex;gap:10px;align-items:center;padding:10px 14px;background:#f1f5f9;border-bottom:1px solid #cbd5e1;font-weight:600}
      #demo-panel header small{margin-left:auto;color:#64748b;font-weight:500}
      #demo-panel pre{margin:0;padding:12px 0;font:13px/1.7 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;word-break:break-all}
      #demo-panel pre span{display:block;padding:0 14px} #demo-panel pre .mark{background:#fef9c3;border-left:3px solid #eab308;padding-left:11px}
      #demo-panel table{width:100%;border-collapse:collapse;font-size:13px} #demo-panel th,#demo-panel td{padding:7px 12px;text-align:left;border-bottom:1px solid #e2e8f0;white-space:nowrap}
      #demo-panel th{background:#f8fafc;color:#475569;font-weight:600} #demo-panel tbody tr{background:#fefce8}
      #demo-panel p{margin:0;padding:8px 14px;color:#475569;font-size:13px}
      #demo-card{position:fixed;inset:0;z-index:2147483645;display:grid;place-items:end center;padding-bottom:56px;background:rgba(15,23,42,.18);pointer-events:none}
      #demo-card>div{max-width:640px;padding:32px 40px;border-radius:16px;background:#fff;color:#0f172a;box-shadow:0 30px 60px rgba(0,0,0,.35);font:16px/1.55 system-ui,sans-serif}
      #demo-card h2{margin:0 0 14px;font-size:26px} #demo-card p{margin:0 0 6px;color:#1f56d6;font:600 13px system-ui,sans-serif;letter-spacing:.08em;text-transform:uppercase} #demo-card ul{margin:0;padding:0;list-style:none}
      #demo-card li{margin:8px 0;padding-left:30px;position:relative} #demo-card li:before{content:"✓";position:absolute;left:0;color:#16a34a;font-weight:700}`;

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

/** The caption each page shows (and whose screen it is), put back after every navigation. */
const captions = new WeakMap<Page, { text: string; who?: string; x?: number }>();

function showCaption(page: Page) {
  return page
    .evaluate(
      ({ text, who, x }) => {
        const element = document.getElementById("demo-caption");
        if (!element) return;
        element.style.setProperty("--demo-caption-x", x === undefined ? "50%" : `${x}px`);
        element.replaceChildren();
        if (who) element.append(Object.assign(document.createElement("b"), { textContent: who }));
        if (text) element.append(text);
      },
      captions.get(page) ?? { text: "" },
    )
    .catch(() => {}); // the page navigated away meanwhile: the next load shows it
}

export async function installOverlay(page: Page) {
  await page.addInitScript(INSTALL);
  page.on("domcontentloaded", () => void showCaption(page));
}

/**
 * `who` names the person whose screen this is, when the story shows more than one; `x` centres
 * the caption there instead of in the middle (inside the part of the screen a GIF keeps).
 */
export async function setCaption(page: Page, text: string, who?: string, x?: number) {
  captions.set(page, { text, who, x });
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

/** A line of the terminal panel; `mark` highlights the line that proves the step's point. */
export type TerminalLine = { text: string; tone?: "cmd" | "ok" | "bad"; mark?: boolean };

export async function showTerminal(page: Page, title: string, lines: TerminalLine[]) {
  await page.evaluate(
    ({ heading, rows }) => {
      document.getElementById("demo-terminal")?.remove();
      // The pointer has done its job: it would cover what the panel shows.
      const pointer = document.getElementById("demo-pointer");
      if (pointer) pointer.style.opacity = "0";
      const panel = Object.assign(document.createElement("section"), { id: "demo-terminal" });
      const header = document.createElement("header");
      header.textContent = heading;
      const pre = document.createElement("pre");
      for (const row of rows) {
        const span = document.createElement("span");
        span.className = [row.tone, row.mark ? "mark" : ""].filter(Boolean).join(" ");
        span.textContent = `${row.text}\n`;
        pre.append(span);
      }
      panel.append(header, pre);
      document.body.append(panel);
    },
    { heading: title, rows: lines },
  );
}

/** Removes the terminal panel and any other panel or card the story showed. */
export async function hideTerminal(page: Page) {
  await page.evaluate(() => {
    for (const id of ["demo-terminal", "demo-panel", "demo-card"]) document.getElementById(id)?.remove();
  });
}

export type PanelContent =
  | { kind: "page"; lines: { text: string; mark?: boolean }[]; note?: string }
  | { kind: "table"; head: string[]; rows: string[][]; note?: string };

/** A window over the page: a public page someone pasted into, or a file's readable preview. */
export async function showPanel(page: Page, title: string, aside: string, content: PanelContent) {
  await page.evaluate(
    ({ heading, side, body }) => {
      document.getElementById("demo-terminal")?.remove();
      document.getElementById("demo-panel")?.remove();
      const pointer = document.getElementById("demo-pointer");
      if (pointer) pointer.style.opacity = "0";
      const panel = Object.assign(document.createElement("section"), { id: "demo-panel" });
      const header = document.createElement("header");
      header.append(heading, Object.assign(document.createElement("small"), { textContent: side }));
      panel.append(header);
      if (body.kind === "page") {
        const pre = document.createElement("pre");
        for (const line of body.lines)
          pre.append(Object.assign(document.createElement("span"), { textContent: line.text || " ", className: line.mark ? "mark" : "" }));
        panel.append(pre);
      } else {
        const table = document.createElement("table");
        const head = table.createTHead().insertRow();
        for (const cell of body.head) head.append(Object.assign(document.createElement("th"), { textContent: cell }));
        const rows = table.createTBody();
        for (const row of body.rows) {
          const tr = rows.insertRow();
          for (const cell of row) tr.insertCell().textContent = cell;
        }
        panel.append(table);
      }
      if (body.note) panel.append(Object.assign(document.createElement("p"), { textContent: body.note }));
      document.body.append(panel);
    },
    { heading: title, side: aside, body: content },
  );
}

/** The card that ends a story, over the page it ends on: what the viewer has just seen. */
export async function showEndCard(page: Page, heading: string, points: string[]) {
  await page.evaluate(
    ({ title, items }) => {
      document.getElementById("demo-card")?.remove();
      const pointer = document.getElementById("demo-pointer");
      if (pointer) pointer.style.opacity = "0";
      const card = Object.assign(document.createElement("div"), { id: "demo-card" });
      const box = document.createElement("div");
      const list = document.createElement("ul");
      for (const item of items) list.append(Object.assign(document.createElement("li"), { textContent: item }));
      box.append(
        Object.assign(document.createElement("p"), { textContent: "Token Console" }),
        Object.assign(document.createElement("h2"), { textContent: title }),
        list,
      );
      card.append(box);
      document.body.append(card);
    },
    { title: heading, items: points },
  );
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The card that opens a story, on a page of its own: the product, the story, what it shows. */
export async function showTitleCard(page: Page, product: string, title: string, points: string[]) {
  await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>
    html,body{margin:0;height:100%}
    body{display:grid;place-items:center;background:linear-gradient(135deg,#0f172a 0%,#1e3a8a 100%);color:#fff;font:18px/1.55 system-ui,sans-serif}
    main{max-width:760px;padding:0 48px} p.product{margin:0 0 10px;color:#93c5fd;font-weight:600;letter-spacing:.08em;text-transform:uppercase;font-size:15px}
    h1{margin:0 0 26px;font-size:40px;line-height:1.2} ul{margin:0;padding:0;list-style:none}
    li{margin:10px 0;padding-left:34px;position:relative;color:#e2e8f0} li:before{content:"→";position:absolute;left:0;color:#60a5fa;font-weight:700}
  </style></head><body><main><p class="product">${escapeHtml(product)}</p><h1>${escapeHtml(title)}</h1>
  <ul>${points.map((point) => `<li>${escapeHtml(point)}</li>`).join("")}</ul></main></body></html>`);
}
