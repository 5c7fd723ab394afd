// Starts another production server of this build, with its own data folder and settings,
// for the cases that need a configuration the suite's main server does not have (PUBLIC_URL,
// TRUST_PROXY). Stopped by its own PID, also when it fails to start in time: a start that
// times out must not leave a server (or the build it runs) holding the caller's process open.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export type RunningServer = { url: string; pid: number; dataDir: string; output: () => string; stop: () => Promise<void> };

export async function startServer(
  port: number,
  env: Record<string, string> = {},
  options: { cpu?: number; dataDir?: string; timeoutMs?: number; logFile?: string } = {},
): Promise<RunningServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "token-console-server-"));
  let output = "";
  // Optionally pinned to one CPU (taskset), so that a load generator beside it does not share it.
  const [command, args] =
    options.cpu === undefined
      ? [process.execPath, ["scripts/start.mjs"]]
      : ["taskset", ["-c", String(options.cpu), process.execPath, "scripts/start.mjs"]];
  const child = spawn(command, args, {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      LOG_LEVEL: "info",
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
    // A log file is the child's stdout itself, as in production (journald, a file): a pipe read
    // by this process, which also runs the load generator, would hold the server's writes back.
    stdio: ["ignore", options.logFile ? fs.openSync(options.logFile, "a") : "pipe", "pipe"],
  });
  // With a log file (the benchmark writes every request's line and keeps none in memory),
  // what `output` holds is stderr only.
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    // A server busy starting (or building) may not answer SIGTERM soon: then it is killed.
    const late = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(late);
  };
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server stopped (exit code ${child.exitCode}): ${output}`);
    // A probe with its own timeout: whatever else holds the port may accept and never answer. It
    // ends with the deadline too, so that a server still starting then is not counted as started.
    const probeMs = Math.max(100, Math.min(2_000, deadline - Date.now()));
    const up = await new Promise<boolean>((resolve) => {
      const probe = http.get(`${url}/readyz`, { timeout: probeMs }, (response) => {
        response.resume();
        resolve(response.statusCode === 200);
      });
      probe.on("timeout", () => probe.destroy());
      probe.on("error", () => resolve(false));
    });
    // Up only in time counts: a server that answered after its deadline did not start within it.
    if (up && Date.now() <= deadline) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not start within ${timeoutMs / 1000} s (it was stopped): ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, pid: child.pid!, dataDir, output: () => output, stop };
}

/** A plain HTTP request from a chosen loopback address (127.0.0.0/8 is all this machine's). */
export function requestFrom(
  localAddress: string,
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: options.method ?? "GET", headers: options.headers, localAddress }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on("error", reject);
    request.end(options.body);
  });
}

/** A port no one listens on now, for a server of a test's own. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
