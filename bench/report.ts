// The figures of one run, and how they are written: the JSON whole, and in markdown a table or
// a sentence for each part that ran.
import fs from "node:fs";
import path from "node:path";
import { log } from "./support";

export type AuthFigures = Record<string, { rps: number; p99: number; throughputRatio: number; p99Ratio: number; cpuRatio: number }>;
export type FloorFigures = Record<
  string,
  { rps: number; p99: number; floorRps: number; floorP99: number; throughputRatio: number; p99Ratio: number }
>;
export type ProxyFigures = { plainRps: number; authRps: number; plainP99: number; authP99: number; costRatio: number };
export type QueryFigures = Record<string, { queriesPerRequest: number; microsPerRequest: number }>;
export type PageFigures = Record<string, { scaleMs: number; emptyMs: number; ratio: number }>;
export type ActivityFigures = {
  pages: Record<string, { scaleMs: number; emptyMs: number; ratio: number }>;
  recording: { recordingMicros: number; requestMicros: number; addedPercent: number };
};
export type ExportFigures = { rows: number; seconds: number; rowsPerSecond: number; peakGrowthMB: number };

export type Results = {
  authority?: FloorFigures;
  proxy?: ProxyFigures;
  auth?: AuthFigures;
  queries?: QueryFigures;
  pages?: PageFigures;
  export?: ExportFigures;
  firstLoadJsKB?: Record<string, number>;
  activity?: ActivityFigures;
};

export function markdown(r: Results) {
  const lines: string[] = [];
  if (r.authority) {
    lines.push(
      "| the token authority vs the floor (bare node:http: Bearer, HMAC, one prepared read) | req/s | p99 ms | floor req/s | floor p99 ms | throughput ratio (goal ≥ 0.50, aim 0.70) | p99 ratio (goal ≤ 2) |",
      "| --- | --- | --- | --- | --- | --- | --- |",
      ...Object.entries(r.authority).map(
        ([name, f]) => `| ${name} | ${f.rps} | ${f.p99} | ${f.floorRps} | ${f.floorP99} | ${f.throughputRatio} | ${f.p99Ratio} |`,
      ),
      "",
    );
  }
  if (r.proxy) {
    lines.push(
      `Through nginx, 50 connections: with \`auth_request\` to our forward auth ${r.proxy.authRps} req/s (p99 ${r.proxy.authP99} ms), proxying the same upstream without auth ${r.proxy.plainRps} req/s (p99 ${r.proxy.plainP99} ms): a request costs ${r.proxy.costRatio}× (goal ≤ 2).`,
      "",
    );
  }
  if (r.auth) {
    lines.push(
      "| token authentication vs GET /v2/openapi.json | req/s | p99 ms | throughput ratio (goal ≥ 0.90) | p99 ratio (goal ≤ 1.25) | server CPU per request ratio |",
      "| --- | --- | --- | --- | --- | --- |",
      ...Object.entries(r.auth).map(
        ([name, f]) => `| ${name} | ${f.rps} | ${f.p99} | ${f.throughputRatio} | ${f.p99Ratio} | ${f.cpuRatio} |`,
      ),
      "",
    );
  }
  if (r.queries) {
    lines.push(
      "| token | database reads per request (goal: 0 for junk) | µs per request, in process |",
      "| --- | --- | --- |",
      ...Object.entries(r.queries).map(([name, f]) => `| ${name} | ${f.queriesPerRequest} | ${f.microsPerRequest} |`),
      "",
    );
  }
  if (r.pages) {
    lines.push(
      "| page | at scale (ms) | near-empty (ms) | ratio (goal ≤ 2) |",
      "| --- | --- | --- | --- |",
      ...Object.entries(r.pages).map(([name, f]) => `| ${name} | ${f.scaleMs} | ${f.emptyMs} | ${f.ratio} |`),
      "",
    );
  }
  if (r.export) {
    lines.push(
      `Audit CSV export: ${r.export.rows} rows at ${r.export.rowsPerSecond} rows/s (goal ≥ 100,000), peak memory ${r.export.peakGrowthMB} MB above idle (goal < 64).`,
      "",
    );
  }
  if (r.activity) {
    lines.push(
      `Activity: recording costs ${r.activity.recording.recordingMicros} µs a request against ${r.activity.recording.requestMicros} µs of server CPU per authenticated request: +${r.activity.recording.addedPercent}% (goal ≤ 5%).`,
      "",
      "| activity read, 10 million requests recorded vs near-empty | at scale (ms) | near-empty (ms) | ratio (goal ≤ 2) |",
      "| --- | --- | --- | --- |",
      ...Object.entries(r.activity.pages).map(([name, f]) => `| ${name} | ${f.scaleMs} | ${f.emptyMs} | ${f.ratio} |`),
      "",
    );
  }
  if (r.firstLoadJsKB) {
    lines.push(
      `First-load JavaScript, gzipped (goal < 200 KB): ${Object.entries(r.firstLoadJsKB)
        .map(([page, kb]) => `${page} ${kb} KB`)
        .join(", ")}.`,
      "",
    );
  }
  return lines.join("\n");
}

/** bench/<name>.json and bench/<name>.md, and the markdown printed. */
export function writeResults(name: string, about: Record<string, unknown>, results: Results) {
  fs.writeFileSync(path.join("bench", `${name}.json`), `${JSON.stringify({ ...about, ...results }, null, 2)}\n`);
  fs.writeFileSync(path.join("bench", `${name}.md`), markdown(results));
  log(`\n${markdown(results)}`);
}
