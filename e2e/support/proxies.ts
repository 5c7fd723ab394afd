// Real reverse proxies in front of a console, for the forward-auth tests: Debian's nginx with the
// repository's deploy/nginx/forward-auth.conf included unchanged, and Caddy running the
// repository's deploy/Caddyfile unchanged (its settings from the environment). Each runs in the
// foreground from a temp folder of its own (config, pid, temp paths, Caddy's HOME) and is stopped
// by its PID. Missing binaries fail the test loudly: a CI machine installs them (.ci/run).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export type RunningProxy = { url: string; pid: number; dir: string; output: () => string; stop: () => Promise<void> };

// From the repository's root, where the suites run (as e2e/support/server.ts's scripts/start.mjs).
export const NGINX_SNIPPET = path.resolve("deploy", "nginx", "forward-auth.conf");
export const CADDYFILE = path.resolve("deploy", "Caddyfile");

/** A program by an env override, then PATH, then where Debian puts it (nginx is in /usr/sbin). */
function findProgram(name: string, override: string | undefined, places: string[]): string {
  if (override) return override;
  const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).stdout.trim();
  if (found) return found;
  for (const place of places) if (fs.existsSync(place)) return place;
  throw new Error(
    `${name} is not installed (looked on PATH and in ${places.join(", ")}): the forward-auth tests need it. ` +
      `Install Debian's package (apt-get install -y ${name === "nginx" ? "nginx-light" : name}; .ci/run does) ` +
      `or name the binary in ${name.toUpperCase()}_PATH.`,
  );
}

export const nginxPath = () =>
  findProgram("nginx", process.env.NGINX_PATH, ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"]);
export const caddyPath = () => findProgram("caddy", process.env.CADDY_PATH, ["/usr/bin/caddy", "/usr/local/bin/caddy"]);

/** `host:port` of a URL, as an nginx `server` line wants it. */
const hostPort = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || (parsed.protocol === "https:" ? 443 : 80)}`;
};

/** Runs `command` in the foreground and waits until `port` accepts on 127.0.0.1; stops it by PID. */
async function runUntilListening(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; port: number; name: string },
) {
  let output = "";
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const spawnError = new Promise<Error>((resolve) => child.once("error", resolve));
  let failed: Error | undefined;
  void spawnError.then((error) => (failed = error));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const late = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(late);
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (failed) throw new Error(`${options.name} could not be started (${command}): ${failed.message}`);
    if (child.exitCode !== null) throw new Error(`${options.name} stopped (exit code ${child.exitCode}): ${output}`);
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: "127.0.0.1", port: options.port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.name} did not listen on port ${options.port} within 15 s (it was stopped): ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { pid: child.pid!, output: () => output, stop };
}

/**
 * nginx on `port` (all addresses: clients may come from any of 127.0.0.0/8), the repository's
 * forward-auth snippet included unchanged in its server block, every location proxied to
 * `upstreamUrl`; `consoleUrl` is the `upstream token_console` (several: balanced round-robin).
 */
export async function startNginx(options: {
  port: number;
  consoleUrl: string | string[];
  upstreamUrl: string;
  /** false: nginx proxying the service without forward auth (the benchmark's comparison). */
  auth?: boolean;
  /** Pinned to this CPU (taskset), as the benchmark pins its servers. */
  cpu?: number;
  /** false: no access log (the benchmark's millions of requests). */
  accessLog?: boolean;
  /** Idle connections to the console nginx keeps (the benchmark's: one per client connection, as a deployment should). */
  keepalive?: number;
}): Promise<RunningProxy> {
  const nginx = nginxPath();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "token-console-nginx-"));
  // nginx's workers (nobody, when the tests run as root) make and use the temp paths inside it.
  fs.chmodSync(dir, 0o755);
  const consoles = ([] as string[]).concat(options.consoleUrl);
  const config = `# Written by e2e/support/proxies.ts
daemon off;
master_process on;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log notice;
events { worker_connections 256; }
http {
    access_log ${options.accessLog === false ? "off" : `${dir}/access.log`};
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    upstream token_console {
${consoles.map((url) => `        server ${hostPort(url)};`).join("\n")}
        keepalive ${options.keepalive ?? 8};
    }
    upstream protected_service {
        server ${hostPort(options.upstreamUrl)};
    }
    server {
        listen ${options.port};
        ${options.auth === false ? "# no forward auth" : `include ${NGINX_SNIPPET};`}
        location / {
            proxy_pass http://protected_service;
        }
        # A refusal of nginx's own, before forward auth: it must stay nginx's, not the console's.
        location /denied-by-nginx/ {
            deny all;
            proxy_pass http://protected_service;
        }
    }
}
`;
  const file = path.join(dir, "nginx.conf");
  fs.writeFileSync(file, config);
  const test = spawnSync(nginx, ["-t", "-q", "-c", file, "-p", dir], { encoding: "utf8" });
  if (test.status !== 0) throw new Error(`nginx -t rejected ${file}: ${test.stderr}${test.stdout}`);
  const [command, args] =
    options.cpu === undefined ? [nginx, ["-c", file, "-p", dir]] : ["taskset", ["-c", String(options.cpu), nginx, "-c", file, "-p", dir]];
  const running = await runUntilListening(command, args, { cwd: dir, port: options.port, name: "nginx" });
  const log = () => {
    try {
      return running.output() + fs.readFileSync(path.join(dir, "error.log"), "utf8");
    } catch {
      return running.output();
    }
  };
  return { url: `http://127.0.0.1:${options.port}`, pid: running.pid, dir, output: log, stop: running.stop };
}

/** Caddy on `port` (all addresses) running deploy/Caddyfile as it is, its settings in env vars. */
export async function startCaddy(options: { port: number; consoleUrl: string; upstreamUrl: string }): Promise<RunningProxy> {
  const caddy = caddyPath();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "token-console-caddy-"));
  const env = {
    ...process.env,
    HOME: dir,
    XDG_CONFIG_HOME: path.join(dir, "config"),
    XDG_DATA_HOME: path.join(dir, "data"),
    XDG_CACHE_HOME: path.join(dir, "cache"),
    LISTEN: `:${options.port}`,
    TOKEN_CONSOLE_URL: options.consoleUrl,
    UPSTREAM: options.upstreamUrl,
  };
  const running = await runUntilListening(caddy, ["run", "--config", CADDYFILE, "--adapter", "caddyfile"], {
    cwd: dir,
    env,
    port: options.port,
    name: "caddy",
  });
  return { url: `http://127.0.0.1:${options.port}`, pid: running.pid, dir, output: running.output, stop: running.stop };
}

export type UpstreamRequest = {
  method: string;
  path: string;
  tokenId: string | null;
  tokenUser: string | null;
  tokenPermissions: string | null;
  headers: http.IncomingHttpHeaders;
};

/** The protected service: answers every request with what it received (and records them). */
export async function startUpstream(port: number, { record = true }: { record?: boolean } = {}) {
  const requests: UpstreamRequest[] = [];
  const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(", ") : (value ?? null));
  const server = http.createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const seen: UpstreamRequest = {
        method: request.method ?? "",
        path: request.url ?? "",
        tokenId: header(request.headers["x-token-id"]),
        tokenUser: header(request.headers["x-token-user"]),
        tokenPermissions: header(request.headers["x-token-permissions"]),
        headers: request.headers,
      };
      if (record) requests.push(seen);
      const { headers: _headers, ...answer } = seen;
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ upstream: true, ...answer }));
    });
  });
  return { ...(await serveOnLoopback(server, port)), requests };
}

/** A service of the tests' own, listening on 127.0.0.1:`port`; stop() closes it, a proxy's kept-alive connections included. */
export async function serveOnLoopback(server: http.Server, port: number) {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A proxy's kept-alive connections would hold close() open.
        server.closeAllConnections();
      }),
  };
}
