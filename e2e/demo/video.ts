// Turns screencast frames into demo.webm (VP8) and demo.gif with ffmpeg: the one that ships in
// the npm package @ffmpeg-installer/ffmpeg, or the system's (Debian: apt-get install -y ffmpeg).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Frame } from "./screencast";

/** The README's GIF: small enough for a repository, long enough to follow, short enough to loop. */
const GIF_LIMIT_BYTES = 1024 * 1024;
export const GIF_SECONDS = { min: 8, max: 12 } as const;
/** How long the GIF's last picture (the step's payoff) stays before the loop starts again. */
const GIF_LAST_SECONDS = 3;
/** A still stretch of the recording is kept, up to this long (a held panel is shorter). */
const LONGEST_STILL_SECONDS = 6;

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

/** Each frame's time on screen: until the next one was painted (a still stretch cut short), the last one `last`. */
function durations(frames: Frame[], last: number) {
  return frames.map((frame, i) => {
    const next = frames[i + 1];
    return next ? Math.min(Math.max(next.at - frame.at, 0.001), LONGEST_STILL_SECONDS) : last;
  });
}

/**
 * The same frames fitted into [min, max] seconds: the longest still stretches are shortened
 * (all to one cap, so that motion keeps its pace), and a loop too short holds its last picture.
 */
export function fitDurations(seconds: number[], { min, max }: { min: number; max: number }): number[] {
  const total = (list: number[]) => list.reduce((sum, value) => sum + value, 0);
  const target = max - 0.5;
  let fitted = seconds;
  if (total(seconds) > target) {
    const last = seconds.at(-1)!;
    const body = seconds.slice(0, -1);
    let [low, high] = [0, Math.max(...body)];
    for (let i = 0; i < 40; i++) {
      const cap = (low + high) / 2;
      if (total(body.map((value) => Math.min(value, cap))) + last > target) high = cap;
      else low = cap;
    }
    fitted = [...body.map((value) => Math.min(value, low)), last];
  }
  const short = min + 0.5 - total(fitted);
  if (short > 0) fitted = [...fitted.slice(0, -1), fitted.at(-1)! + short];
  return fitted;
}

/** An ffconcat list: each frame shown for its duration. */
function concatList(frames: Frame[], file: string, seconds = durations(frames, 2)) {
  const lines = ["ffconcat version 1.0"];
  frames.forEach((frame, i) => lines.push(`file '${path.resolve(frame.file)}'`, `duration ${seconds[i]!.toFixed(3)}`));
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

/**
 * The frames of the steps marked for the GIF, as one short loop (GIF_SECONDS), small enough for
 * a README. `crop` keeps the part of the screen where the loop happens, so that its text can
 * still be read at the GIF's width.
 */
export function encodeGif(
  encoder: string,
  frames: Frame[],
  windows: ReadonlyArray<readonly [number, number]>,
  out: string,
  { crop }: { crop?: { x: number; y: number; width: number; height: number } } = {},
): string | undefined {
  const chosen = frames.filter((frame) => windows.some(([from, to]) => frame.at >= from && frame.at <= to));
  if (chosen.length === 0) return undefined;
  const list = `${out}.frames.txt`;
  concatList(chosen, list, fitDurations(durations(chosen, GIF_LAST_SECONDS), GIF_SECONDS));
  const cropping = crop ? `crop=${crop.width}:${crop.height}:${crop.x}:${crop.y},` : "";
  for (const [width, fps] of [
    [720, 8],
    [640, 6],
    [560, 5],
  ] as const) {
    const filter = `${cropping}fps=${fps},scale=${width}:-1:flags=lanczos,split[a][b];[a]palettegen=max_colors=96:stats_mode=diff[p];[b][p]paletteuse=dither=bayer:bayer_scale=5`;
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
