import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "./fixtures";
import { runDemo } from "./demo/runner";
import { STORIES } from "./demo/stories";

// Every demo story, once, in fast mode (no pace, no video), on a fresh server of its own, as
// `npm run demo -- --story <name> --pace 0 --no-video` runs it: a UI change that breaks a demo
// fails the suite. Each step checks what it shows.
for (const name of ["member", "admin"]) {
  test(`the ${name} demo story runs, and every step checks out`, async () => {
    test.setTimeout(180_000);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), `demo-${name}-`));
    const stories = STORIES[name]!;
    const result = await runDemo({ stories, pace: 0, video: false, out });
    expect(result.notes).toEqual([]);
    expect(result.steps.filter((step) => !step.ok)).toEqual([]);
    expect(result.steps.map((step) => step.caption)).toEqual(stories.flatMap((story) => story.steps.map((step) => step.caption)));

    const storyboard = fs.readFileSync(path.join(out, "index.html"), "utf8");
    const json = JSON.parse(fs.readFileSync(path.join(out, "steps.json"), "utf8"));
    expect(json).toMatchObject({ ok: true, stories: stories.map(({ name: story, title }) => ({ name: story, title })) });
    for (const step of result.steps) {
      expect(fs.statSync(path.join(out, step.screenshot)).size).toBeGreaterThan(10_000);
      expect(storyboard).toContain(`src="${step.screenshot}"`);
    }
  });
}

test("the all story is every story, one after the other", () => {
  expect(STORIES.all).toEqual([...STORIES.member!, ...STORIES.admin!]);
});
