import fs from "node:fs";
import path from "node:path";

// The server actions of the build in .next, read from Next.js's own manifest.

type Entry = { exportedName?: string; workers?: Record<string, unknown> };

export function actionManifest(): Array<{ id: string; name: string; page: string }> {
  const manifest = JSON.parse(fs.readFileSync(path.join(".next", "server", "server-reference-manifest.json"), "utf8"));
  return Object.entries(manifest.node as Record<string, Entry>).map(([id, value]) => {
    // A worker is the page that serves the action: "app/(group)/account/page" posts to /account.
    const worker = Object.keys(value.workers ?? {})[0] ?? "app/page";
    const page =
      "/" +
      worker
        .replace(/^app\//, "")
        .replace(/\/?page$/, "")
        .split("/")
        .filter((part) => !/^\(.*\)$/.test(part))
        .join("/");
    return { id, name: value.exportedName ?? id, page };
  });
}

export function actionId(exportedName: string): string {
  const entry = actionManifest().find((action) => action.name === exportedName);
  if (!entry) throw new Error(`no server action ${exportedName} in this build`);
  return entry.id;
}

/** The page a client posts the action to. */
export function actionPage(exportedName: string): string {
  const entry = actionManifest().find((action) => action.name === exportedName);
  if (!entry) throw new Error(`no server action ${exportedName} in this build`);
  return entry.page;
}
