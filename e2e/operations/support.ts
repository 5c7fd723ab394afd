// Helpers for the operations tests: processes, scripts, and a token for a running server.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

/** How package.json runs a TypeScript command: the app's code, on Node. */
const TS_CLI = ["--conditions=react-server", "--import", "tsx"];

export const tempDir = (label: string) => fs.mkdtempSync(path.join(os.tmpdir(), `token-console-${label}-`));

/** What mint-token.mts makes a token from (createToken's input; the name is optional). */
export type MintedTokenInput = { name?: string; scope: "READ_ONLY" | "WRITE" | "CUSTOM"; permissions?: string[]; allowedIps?: string[] };

/**
 * An account and a Write token in the database of `dataDir`, made by the app's own DAL; or, with
 * `tokens`, the account's tokens as listed (the first is `tokenId` and `token`).
 */
export function mintToken(dataDir: string, env: Record<string, string> = {}, tokens?: MintedTokenInput[]) {
  const result = spawnSync(process.execPath, [...TS_CLI, "e2e/operations/mint-token.mts"], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      LOG_LEVEL: "warn",
      ...env,
      ...(tokens ? { MINT_TOKENS: JSON.stringify(tokens) } : {}),
    },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`mint-token failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as {
    email: string;
    userId: string;
    tokenId: string;
    token: string;
    tokens: { id: string; token: string }[];
  };
}

/** Runs one of scripts/*.mjs (or an npm script's TypeScript command) to its end. */
export function runScript(script: string, args: string[], env: Record<string, string>) {
  const prefix = script.endsWith(".ts") ? TS_CLI : [];
  const result = spawnSync(process.execPath, [...prefix, script, ...args], {
    env: { ...process.env, DATABASE_URL: "", LOG_LEVEL: "warn", ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A process that exists and is not a zombie waiting to be reaped. */
export function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.split(") ")[1]?.[0] !== "Z";
  } catch {
    return false;
  }
}

/** The process and all its descendants, from /proc. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(fs.readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` is true, or throws after `ms`. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** GET /readyz: true when the server answers 200. */
export const ready = (url: string) =>
  new Promise<boolean>((resolve) => {
    http.get(`${url}/readyz`, (response) => resolve(response.statusCode === 200)).on("error", () => resolve(false));
  });

/** `npm start` in its own process group, as a supervisor would run it. */
export function npmStart(port: number, dataDir: string, env: Record<string, string> = {}) {
  let output = "";
  const child = spawn("npm", ["start"], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: "", NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  return { child, output: () => output };
}
