// The console's pages at scale against the same pages near-empty, the audit export, and the
// JavaScript a browser loads first.
import fs from "node:fs";
import zlib from "node:zlib";
import type { RunningServer } from "../e2e/support/server";
import type { ExportFigures, PageFigures } from "./report";
import { SCALE, log, median, round } from "./support";

export type Cookies = { admin: string; member: string };

async function timePage(url: string, cookie: string, times = 9) {
  const samples: number[] = [];
  for (let i = 0; i < times + 2; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
    await response.text();
    if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
    if (i >= 2) samples.push(performance.now() - started);
  }
  return median(samples);
}

const PAGES = (deepTokens: number, halfway: string): Array<{ label: string; path: string; as: keyof Cookies }> => [
  { label: "/api-tokens (100 tokens)", path: "/api-tokens", as: "member" },
  { label: "/api-tokens sorted by name", path: "/api-tokens?sort=name&dir=asc", as: "member" },
  { label: "/api-tokens searched", path: "/api-tokens?q=token-00005", as: "member" },
  { label: "/admin/tokens", path: "/admin/tokens", as: "admin" },
  { label: "/admin/tokens by owner", path: "/admin/tokens?owner=user7%40bench.example", as: "admin" },
  { label: "/admin/tokens by owner's start", path: "/admin/tokens?owner=user7", as: "admin" },
  { label: "/admin/tokens by name", path: "/admin/tokens?q=token-0500", as: "admin" },
  { label: "/admin/tokens sorted by owner", path: "/admin/tokens?sort=owner&dir=asc", as: "admin" },
  { label: "/admin/tokens sorted by name", path: "/admin/tokens?sort=name&dir=asc", as: "admin" },
  { label: "/admin/tokens sorted by last use", path: "/admin/tokens?sort=lastUsedAt&dir=desc", as: "admin" },
  { label: `/admin/tokens page ${deepTokens}`, path: `/admin/tokens?page=${deepTokens}`, as: "admin" },
  { label: "/admin/audit", path: "/admin/audit", as: "admin" },
  { label: "/admin/audit by action", path: "/admin/audit?action=api.denied", as: "admin" },
  { label: "/admin/audit by user", path: "/admin/audit?user=user7%40bench.example", as: "admin" },
  { label: "/admin/audit by dates", path: "/admin/audit?from=2026-03-01&to=2026-03-31", as: "admin" },
  { label: "/admin/audit, a position halfway down", path: `/admin/audit?before=${halfway}`, as: "admin" },
];

/** Each page on the server at scale, then on the near-empty one. */
export async function consolePages(big: RunningServer, small: RunningServer, cookies: { big: Cookies; small: Cookies }) {
  const pages: PageFigures = {};
  // Halfway down the log: an event's time and id, as the page's Older link would carry them.
  const seeded = new Date(Date.now() - (365 * 24 * 3600 * 1000) / 2).toISOString();
  const halfway = encodeURIComponent(`${seeded}~bench-event-${String(Math.floor(SCALE.events / 2)).padStart(7, "0")}`);
  for (const page of PAGES(Math.ceil(SCALE.tokens / 25 / 2), halfway)) {
    const scaleMs = await timePage(`${big.url}${page.path}`, cookies.big[page.as]);
    const emptyMs = await timePage(`${small.url}${page.path}`, cookies.small[page.as]);
    pages[page.label] = { scaleMs: round(scaleMs, 1), emptyMs: round(emptyMs, 1), ratio: round(scaleMs / emptyMs) };
    log(`  ${page.label.padEnd(36)} ${round(scaleMs, 1)} ms vs ${round(emptyMs, 1)} ms: ${round(scaleMs / emptyMs)}×`);
  }
  return pages;
}

const rss = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;

export async function exportFigures(server: RunningServer, cookie: string): Promise<ExportFigures> {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const idle = rss(server.pid);
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, rss(server.pid))), 50);
  const started = performance.now();
  const response = await fetch(`${server.url}/admin/audit/export`, { headers: { cookie } });
  let rows = -1;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) rows++;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return {
    rows,
    seconds: round(seconds, 1),
    rowsPerSecond: Math.round(rows / seconds),
    peakGrowthMB: round((peak - idle) / 1024 / 1024, 1),
  };
}

export async function firstLoadJs(server: RunningServer, cookie: string) {
  const sizes: Record<string, number> = {};
  for (const page of ["/login", "/signup", "/api-tokens", "/api-docs", "/account", "/admin", "/admin/tokens", "/admin/audit"]) {
    // The sign-in pages as a visitor sees them (signed in, they redirect), the rest signed in.
    const visitor = page === "/login" || page === "/signup";
    const response = await fetch(`${server.url}${page}`, { headers: visitor ? {} : { cookie }, redirect: "manual" });
    if (response.status !== 200) throw new Error(`${page} answered ${response.status}`);
    const html = await response.text();
    // What a browser loads: every script but the noModule polyfills that modern browsers skip.
    const scripts = [
      ...new Set(
        [...html.matchAll(/<script([^>]*)>/g)]
          .filter((m) => !/nomodule/i.test(m[1]!))
          .flatMap((m) => /src="([^"]+)"/.exec(m[1]!)?.[1] ?? []),
      ),
    ];
    let total = 0;
    for (const src of scripts) total += zlib.gzipSync(Buffer.from(await (await fetch(new URL(src, server.url))).arrayBuffer())).byteLength;
    sizes[page] = round(total / 1024, 1);
  }
  return sizes;
}
