// How a recorded demo drives the console: where a viewer can see it, and only once the page
// has settled. The tests drive it plainly (plainDriver in e2e/support/console.ts).
import type { Page } from "@playwright/test";
import type { Driver } from "../support/console";
import { pointAndClick } from "./overlay";
import type { Camera } from "./screencast";

/**
 * Clicks where a viewer can see them: the pointer travels there and shows the click. Text is
 * filled at once (nobody wants to watch a form being typed), then left a moment to be read.
 * The camera follows whoever acts: the video shows the page being clicked.
 */
export function visibleDriver(page: Page, pace: number, camera: () => Camera | null): Driver {
  const travel = Math.min(500, Math.max(150, pace / 3));
  const click: Driver["click"] = async (target) => {
    await camera()?.focus(page);
    await target.scrollIntoViewIfNeeded();
    const box = await target.boundingBox();
    if (box) await pointAndClick(page, box.x + box.width / 2, box.y + box.height / 2, travel);
    await target.click();
  };
  const type: Driver["type"] = async (target, text) => {
    await click(target);
    await target.fill(text);
    await page.waitForTimeout(Math.min(400, pace / 3));
  };
  return { page, click, type };
}

/** Waits until what the page shows has arrived: no transition under way, nothing still loading. */
export async function settle(page: Page) {
  await page
    .waitForFunction(
      () => {
        const moving = document
          .getAnimations()
          .some((animation) => animation.playState === "running" && animation.effect?.getComputedTiming().iterations !== Infinity);
        const loading = [...document.querySelectorAll('[aria-busy="true"], [role="status"]')].some(
          (element) =>
            (element.getAttribute("aria-busy") === "true" || /^\s*Loading\b/.test(element.textContent ?? "")) && element.checkVisibility(),
        );
        return !moving && !loading;
      },
      null,
      { timeout: 5_000, polling: 100 },
    )
    .catch(() => {}); // a page that never settles is still filmed: the step's own checks decide
}
