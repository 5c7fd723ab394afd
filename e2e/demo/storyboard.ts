// demo-output/index.html (the storyboard a person opens: each step's caption, screenshot and
// time, in order, with the video and the GIF) and steps.json (the same, for programs).
import fs from "node:fs";
import path from "node:path";
import type { DemoResult } from "./runner";
import type { Story } from "./story";

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function writeStoryboard(out: string, stories: Story[], result: DemoResult) {
  const steps = result.steps.map(({ story, number, caption, ms, screenshot, ok, error }) => ({
    story,
    number,
    caption,
    ms,
    screenshot,
    ok,
    ...(error ? { error } : {}),
  }));
  fs.writeFileSync(
    path.join(out, "steps.json"),
    `${JSON.stringify({ generatedAt: new Date().toISOString(), ok: result.ok, stories: stories.map(({ name, title }) => ({ name, title })), steps, video: result.video && path.basename(result.video), gif: result.gif && path.basename(result.gif), notes: result.notes }, null, 2)}\n`,
  );

  const sections = stories
    .map((story) => {
      const cards = result.steps
        .filter((step) => step.story === story.name)
        .map(
          (step) => `<li class="${step.ok ? "" : "failed"}">
  <figure><img src="${escape(step.screenshot)}" alt="${escape(step.caption)}" loading="lazy"></figure>
  <p><span class="n">${step.number}</span> ${escape(step.caption)}</p>
  <p class="t">${seconds(step.ms)}${step.error ? ` · failed: ${escape(step.error)}` : ""}</p>
</li>`,
        )
        .join("\n");
      return `<section><h2>${escape(story.title)}</h2><ol>${cards}</ol></section>`;
    })
    .join("\n");
  const media = [
    result.video ? `<video src="${escape(path.basename(result.video))}" controls muted playsinline></video>` : "",
    result.gif ? `<p><a href="${escape(path.basename(result.gif))}">demo.gif</a>: the core flow as a short loop.</p>` : "",
    ...result.notes.map((note) => `<p class="note">${escape(note)}</p>`),
  ].join("\n");

  fs.writeFileSync(
    path.join(out, "index.html"),
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Token Console demo</title>
<style>
body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#0f172a;background:#f8fafc}
main{max-width:1200px;margin:0 auto;padding:32px 24px}
h1{margin:0 0 4px;font-size:26px} h2{margin:40px 0 12px;font-size:19px}
video{width:100%;max-width:960px;border-radius:12px;box-shadow:0 10px 30px rgba(0,0,0,.15);background:#000}
ol{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:20px}
li{background:#fff;border:1px solid #e2e8f0;border-radius:12px;overflow:hidden}
li.failed{border-color:#dc2626}
figure{margin:0;border-bottom:1px solid #e2e8f0} img{display:block;width:100%}
li p{margin:10px 14px} .t{color:#475569;font-size:13px;margin-top:-6px}
.n{display:inline-grid;place-items:center;width:24px;height:24px;margin-right:6px;border-radius:50%;background:#1f56d6;color:#fff;font-size:12px;font-weight:600}
.note{padding:10px 14px;border-radius:8px;background:#fffbeb;border:1px solid #fde68a}
</style></head>
<body><main>
<h1>Token Console demo</h1>
<p>${result.steps.length} steps, ${seconds(result.steps.reduce((sum, step) => sum + step.ms, 0))} of actions${result.ok ? "" : ", <strong>stopped at a failed step</strong>"}.</p>
${media}
${sections}
</main></body></html>
`,
  );
}
