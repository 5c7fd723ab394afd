// Turns screencast frames into demo.webm (VP8) and demo.gif with ffmpeg: the one that ships in
// the npm package @ffmpeg-installer/ffmpeg, or the system's (Debian: apt-get install -y ffmpeg).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Frame } from "./screencast";

const GIF_LIMIT_BYTES = 3 * 1024 * 1024;
/** A still stretch of the recording is kept, up to this long (servers starting between stories are not). */
const LONGEST_STILL_SECONDS = 4;

export function findEncoder(): string | null {
  try {
    const installed = createRequire(path.resolve("package.json"))("@ffmpeg-installer/ffmpeg") as { path: string };
    if (fs.existsSync(installed.path)) return installed.path;
  } catch {
    // not installed: try the system's
  }
  const system = spawnSync("ffmpeg", ["-version"], { encoding: "utf8" });
  return system.status === 0 ? "ffmpeg" : null;
}

/** An ffconcat list: each frame shown until the next one was painted. */
function concatList(frames: Frame[], file: string, last = 2) {
  const lines = ["ffconcat version 1.0"];
  frames.forEach((frame, i) => {
    const next = frames[i + 1];
    const seconds = next ? Math.min(Math.max(next.at - frame.at, 0.001), LONGEST_STILL_SECONDS) : last;
    lines.push(`file '${path.resolve(frame.file)}'`, `duration ${seconds.toFixed(3)}`);
  });
  // The concat demuxer shows the last file's duration only when the file is listed again.
  if (frames.length > 0) lines.push(`file '${path.resolve(frames[frames.length - 1]!.file)}'`);
  fs.writeFileSync(file, lines.join("\n"));
}

function ffmpeg(encoder: string, args: string[]) {
  const result = spawnSync(encoder, ["-hide_banner", "-loglevel", "error", "-y", ...args], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr.trim().split("\n").at(-1)}`);
}

export function encodeVideo(encoder: string, frames: Frame[], out: string): string | undefined {
  if (frames.length === 0) return undefined;
  const list = `${out}.frames.txt`;
  concatList(frames, list);
  ffmpeg(encoder, [
    ...["-f", "concat", "-safe", "0", "-i", list],
    ...["-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2,fps=25", "-c:v", "libvpx", "-b:v", "1500k", "-deadline", "realtime", "-cpu-used", "4"],
    ...["-pix_fmt", "yuv420p", "-an", out],
  ]);
  fs.rmSync(list);
  return out;
}

/** The frames of the steps marked for the GIF, as one short loop, small enough for a README. */
export function encodeGif(
  encoder: string,
  frames: Frame[],
  windows: ReadonlyArray<readonly [number, number]>,
  out: string,
): string | undefined {
  const chosen = frames.filter((frame) => windows.some(([from, to]) => frame.at >= from && frame.at <= to));
  if (chosen.length === 0) return undefined;
  const list = `${out}.frames.txt`;
  concatList(chosen, list, 1.5);
  for (const [width, fps] of [
    [720, 8],
    [600, 6],
    [480, 5],
  ] as const) {
    const filter = `fps=${fps},scale=${width}:-1:flags=lanczos,split[a][b];[a]palettegen=max_colors=96:stats_mode=diff[p];[b][p]paletteuse=dither=bayer:bayer_scale=5`;
    ffmpeg(encoder, ["-f", "concat", "-safe", "0", "-i", list, "-filter_complex", filter, "-loop", "0", out]);
    if (fs.statSync(out).size <= GIF_LIMIT_BYTES) break;
  }
  fs.rmSync(list);
  return out;
}

/** The length of a video, in seconds, as ffmpeg reads it. */
export function videoSeconds(encoder: string, file: string): number {
  const probe = spawnSync(encoder, ["-hide_banner", "-i", file, "-f", "null", "-"], { encoding: "utf8" });
  const times = [...probe.stderr.matchAll(/time=(\d+):(\d+):(\d+\.\d+)/g)];
  const last = times.at(-1);
  return last ? Number(last[1]) * 3600 + Number(last[2]) * 60 + Number(last[3]) : 0;
}
