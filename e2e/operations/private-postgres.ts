// A PostgreSQL server of a test's own (a real one: Debian's binaries, a fresh cluster in a
// temporary folder, on a port of its own), to stop and start under load without touching the
// machine's server that the other suites share.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { tempDir } from "./support";

/** The folder of initdb and pg_ctl: pg_config's, else the newest under /usr/lib/postgresql. */
function binDir(): string {
  const configured = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  if (configured.status === 0 && fs.existsSync(path.join(configured.stdout.trim(), "initdb"))) return configured.stdout.trim();
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((version) => path.join(root, version, "bin")).find((dir) => fs.existsSync(path.join(dir, "initdb")));
  if (!found) throw new Error("PostgreSQL's server binaries (initdb, pg_ctl) were not found: apt-get install postgresql");
  return found;
}

export type PrivatePostgres = { url: string; stop(): void; start(): void; remove(): void };

/** A new cluster on `port`, started. PostgreSQL refuses to run as root: then it runs as the postgres user. */
export function startPrivatePostgres(port: number): PrivatePostgres {
  const bin = binDir();
  const dir = tempDir("postgres");
  const data = path.join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    fs.chownSync(dir, uid, gid);
  }
  const run = (tool: string, args: string[]) => {
    const [command, full] = asRoot ? ["runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args]] : [path.join(bin, tool), args];
    const result = spawnSync(command, full, { encoding: "utf8", timeout: 60_000 });
    if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr || result.stdout}`);
  };
  run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  const server: PrivatePostgres = {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    // "fast": what a restart or a failover does to its clients (their sessions are ended at once).
    stop: () => run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]),
    start: () => run("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "server.log"), "-w", "start"]),
    remove: () => {
      spawnSync(asRoot ? "runuser" : path.join(bin, "pg_ctl"), [
        ...(asRoot ? ["-u", "postgres", "--", path.join(bin, "pg_ctl")] : []),
        "-D",
        data,
        "-m",
        "immediate",
        "stop",
      ]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  server.start();
  return server;
}
