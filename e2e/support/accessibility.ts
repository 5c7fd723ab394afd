// The accessibility audit every spec runs (axe-core against WCAG 2.2 A and AA, and best
// practice): a serious or critical violation fails it. And the two widths every screen is
// looked at in, as screenshots under e2e/screenshots/.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** The serious and critical violations on the page as it is now, once its animations have settled. */
export async function axeProblems(page: Page): Promise<string[]> {
  // Judged as it settles, not mid-fade: a dialog fading in has, for a moment, a contrast it never keeps.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().iterations !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
}

export async function expectAccessible(page: Page, screen: string) {
  expect(await axeProblems(page), `${screen}: axe found serious or critical violations`).toEqual([]);
}

/** The screen at a laptop's and a phone's width, as e2e/screenshots/<name>-<width>.png; back at the laptop's after. */
export async function screenshots(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 860 });
    await page.screenshot({ path: `e2e/screenshots/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 860 });
}
