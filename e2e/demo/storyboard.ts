// A story's index.html (the storyboard a person opens: what the story shows, the video with its
// poster, then each step's caption and screenshot, in order, ending on the end card) and
// steps.json (the same, for programs, with the timings). The output folder's own index.html
// lists the stories it holds.
import fs from "node:fs";
import path from "node:path";
import type { StoryResult } from "./runner";
import type { Story } from "./story";

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#0f172a;background:#f8fafc}
main{max-width:1200px;margin:0 auto;padding:32px 24px}
h1{margin:0 0 4px;font-size:26px} h2{margin:40px 0 12px;font-size:19px}
.points{margin:12px 0 24px;padding-left:20px} .points li{margin:4px 0}
video{width:100%;max-width:960px;border-radius:12px;box-shadow:0 10px 30px rgba(0,0,0,.15);background:#0f172a}
ol{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:20px}
ol li{background:#fff;border:1px solid #e2e8f0;border-radius:12px;overflow:hidden}
ol li.failed{border-color:#dc2626}
figure{margin:0;border-bottom:1px solid #e2e8f0} img{display:block;width:100%}
ol li p{margin:10px 14px} .failed .why{color:#b91c1c;font-size:13px;margin-top:-6px}
.n{display:inline-grid;place-items:center;width:24px;height:24px;margin-right:6px;border-radius:50%;background:#1f56d6;color:#fff;font-size:12px;font-weight:600}
.note{padding:10px 14px;border-radius:8px;background:#fffbeb;border:1px solid #fde68a}
a{color:#1f56d6}`;

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>
${STYLE}
</style></head>
<body><main>
${body}
</main></body></html>
`;

export function writeStoryboard(dir: string, story: Story, result: StoryResult) {
  fs.writeFileSync(
    path.join(dir, "steps.json"),
    `${JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        story: story.name,
        title: story.title,
        ok: result.ok,
        steps: result.steps.map(({ number, caption, ms, screenshot, ok, error }) => ({
          number,
          caption,
          ms,
          screenshot,
          ok,
          ...(error ? { error } : {}),
        })),
        video: result.video,
        poster: result.poster,
        gif: result.gif,
        notes: result.notes,
      },
      null,
      2,
    )}\n`,
  );

  const cards = result.steps
    .map(
      (step) => `<li class="${step.ok ? "" : "failed"}">
  <figure><img src="${escape(step.screenshot)}" alt="${escape(step.caption)}" loading="lazy"></figure>
  <p><span class="n">${step.number}</span> ${escape(step.caption)}</p>
  ${step.error ? `<p class="why">This step failed: ${escape(step.error)}</p>` : ""}
</li>`,
    )
    .concat(
      result.end
        ? [
            `<li><figure><img src="${escape(result.end)}" alt="${escape(story.end.heading)}" loading="lazy"></figure><p>${escape(story.end.heading)}</p></li>`,
          ]
        : [],
    )
    .join("\n");
  const media = [
    result.video
      ? `<video src="${escape(result.video)}"${result.poster ? ` poster="${escape(result.poster)}"` : ""} controls muted playsinline preload="none"></video>`
      : "",
    result.gif
      ? `<p><a href="${escape(result.gif)}">demo.gif</a>: the heart of it in a few seconds, as a loop for a README or a slide.</p>`
      : "",
    result.ok ? "" : `<p class="note"><strong>The demo stopped before the end</strong>: the step in red says why.</p>`,
    ...result.notes.map((note) => `<p class="note">${escape(note)}</p>`),
  ].join("\n");

  fs.writeFileSync(
    path.join(dir, "index.html"),
    page(
      `${story.title}: Token Console demo`,
      `<h1>${escape(story.title)}</h1>
<p>What you will see:</p>
<ul class="points">${story.points.map((point) => `<li>${escape(point)}</li>`).join("")}</ul>
${media}
<h2>Step by step</h2>
<ol>${cards}</ol>`,
    ),
  );
}

/** demo-output/index.html: the stories this folder holds, whichever runs made them. */
export function writeIndex(out: string) {
  if (!fs.existsSync(out)) return;
  const stories = fs
    .readdirSync(out, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(out, entry.name, "steps.json")))
    .map((entry) => ({
      name: entry.name,
      ...(JSON.parse(fs.readFileSync(path.join(out, entry.name, "steps.json"), "utf8")) as { title: string; ok: boolean }),
    }));
  fs.writeFileSync(
    path.join(out, "index.html"),
    page(
      "Token Console demos",
      `<h1>Token Console demos</h1>
<ul class="points">${stories.map((story) => `<li><a href="${escape(story.name)}/index.html">${escape(story.title)}</a>${story.ok ? "" : " (stopped before the end)"}</li>`).join("")}</ul>`,
    ),
  );
}
