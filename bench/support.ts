// What every part of the benchmark shares: the run's flags and scale, the servers' settings,
// throw-away databases with a session or token written straight in, and the load generator.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { encode } from "next-auth/jwt";

export const SECRETS = {
  AUTH_SECRET: "bench-auth-secret-bench-auth-secret-0000",
  TOKEN_PEPPER: "bench-token-pepper-bench-token-pepper-000",
};
export const SERVER_ENV = {
  ...SECRETS,
  API_REQUESTS_PER_TOKEN_PER_MINUTE: "1000000000",
  API_AUTH_FAILURES_PER_IP: "1000000000",
  LOG_LEVEL: "warn",
};
export const quick = process.argv.includes("--quick");
// --postgres: the token-authentication figures on PostgreSQL (the server BENCH_DATABASE_URL,
// else TEST_DATABASE_URL, names; a database of the run's own is made there and dropped).
export const postgres = process.argv.includes("--postgres");
export const only = process.argv.find((arg) => arg.startsWith("--only="))?.slice("--only=".length);
export const runs = (part: string) => !only || only.split(",").includes(part);
// The servers on the second CPU, this process (the load generator) on the first, when taskset exists.
export const pinned = spawnSync("taskset", ["-cp", "0", String(process.pid)]).status === 0 && os.cpus().length >= 2;
const SECONDS = quick ? 2 : 5;
export const SCALE = quick ? { users: 100, tokens: 10_000, events: 100_000 } : { users: 1_000, tokens: 100_000, events: 1_000_000 };

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
export const log = (line: string) => console.log(line);

export function migratedDatabase(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${label}-`));
  const file = path.join(dir, "token-console.db");
  const result = spawnSync(process.execPath, ["scripts/migrate.mjs"], {
    env: { ...process.env, DATA_DIR: dir, DATABASE_URL: `file:${file}` },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return file;
}

/** A session row and its cookie, as the login action makes them. */
export async function sessionCookie(file: string, userId: string): Promise<string> {
  const db = new Database(file);
  const id = `bench-session-${userId}-${Math.random().toString(36).slice(2)}`;
  const now = new Date().toISOString().replace("Z", "+00:00");
  db.prepare(`INSERT INTO "Session" ("id","userId","createdAt","lastSeenAt") VALUES (?,?,?,?)`).run(id, userId, now, now);
  db.close();
  const jwt = await encode({ token: { sub: userId, sid: id, sv: 0 }, secret: SECRETS.AUTH_SECRET, maxAge: 3600 });
  return `token-console.session=${jwt}`;
}

export async function apiToken(
  file: string,
  userId: string,
  {
    id = "bench-api-token",
    name = "bench",
    allowedIps = "",
    scope = "WRITE",
    permissions = "",
    team = null,
  }: { id?: string; name?: string; allowedIps?: string; scope?: string; permissions?: string; team?: string | null } = {},
): Promise<string> {
  const { generateToken, hashToken } = await import("@/lib/server/token-format");
  const { token, displayPrefix } = generateToken();
  const db = new Database(file);
  const now = new Date().toISOString().replace("Z", "+00:00");
  // A team token: the team (made once, its creator a member) owns it.
  const teamId = team ? `bench-team-${team.toLowerCase()}` : null;
  if (teamId) {
    db.prepare(`INSERT OR IGNORE INTO "Team" ("id","name","nameKey","createdAt") VALUES (?,?,?,?)`).run(
      teamId,
      team,
      team!.toLowerCase(),
      now,
    );
    db.prepare(`INSERT OR IGNORE INTO "TeamMember" ("teamId","userId","role","createdAt") VALUES (?,?,'owner',?)`).run(teamId, userId, now);
  }
  db.prepare(
    `INSERT INTO "ApiToken" ("id","userId","ownerId","teamId","name","nameKey","scope","permissions","tokenHash","displayPrefix","createdAt","allowedIps") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
  ).run(
    id,
    userId,
    teamId ?? userId,
    teamId,
    name,
    name,
    scope,
    permissions,
    hashToken(token, SECRETS.TOKEN_PEPPER),
    displayPrefix,
    now,
    allowedIps,
  );
  db.close();
  return token;
}

/** The server's CPU time so far, in µs (from /proc: steal time on a shared machine is not in it). */
export const cpuMicros = (pid: number) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / 100;
};

export async function cannon(url: string, headers: Record<string, string> = {}, seconds = SECONDS, pid?: number) {
  const before = pid ? cpuMicros(pid) : 0;
  const result = await autocannon({ url, connections: 50, duration: seconds, headers });
  const cpu = pid ? (cpuMicros(pid) - before) / Math.max(result.requests.total, 1) : 0;
  return { rps: result.requests.average, p99: result.latency.p99, cpu, errors: result.errors, non2xx: result.non2xx };
}
