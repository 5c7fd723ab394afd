// `npm run bench`: the performance figures of the design's section 7, from one run, as ratios.
// Production servers on throw-away databases (rate limits raised for the run), autocannon
// beside them on this machine. Absolute numbers vary from machine to machine; the ratios are
// what the goals are about. Writes bench/results.json and bench/results.md.
// The parts: bench/authentication.ts, bench/pages.ts; what they share, bench/support.ts.
import os from "node:os";
import { startServer } from "../e2e/support/server";
import { authentication, junkQueries, mainPostgres, tokenCases } from "./authentication";
import { authorityFigures, authorityServer, proxyFigures, startFloor } from "./authority";
import { consolePages, exportFigures, firstLoadJs } from "./pages";
import { ACTIVITY_SCALE, activityFigures, recordingCost, seedActivity } from "./activity";
import { writeResults, type Results } from "./report";
import { seedBulk } from "./seed";
import { SCALE, SERVER_ENV, apiToken, log, migratedDatabase, only, pinned, postgres, quick, round, runs, sessionCookie } from "./support";

async function main() {
  if (postgres) return mainPostgres();
  const started = Date.now();
  log(
    `npm run bench${quick ? " --quick" : ""}${only ? ` --only=${only}` : ""}: ${os.cpus().length} cores${pinned ? " (servers pinned to CPU 1, load on CPU 0)" : ""}, Node ${process.version}`,
  );
  const { hashPassword } = await import("@/lib/server/passwords");
  const passwordHash = await hashPassword("bench-password");

  log("Seeding a near-empty database and one at scale…");
  const smallFile = migratedDatabase("small");
  const small = seedBulk(smallFile, { users: 3, tokens: 3, events: 2 }, passwordHash);
  const secret = await apiToken(smallFile, small.memberId);
  // Another account's, so that GET /v2/api still lists one key.
  const pinnedSecret = await apiToken(smallFile, small.adminId, {
    id: "bench-pinned",
    name: "bench-pinned",
    allowedIps: "10.0.0.0/8,127.0.0.0/8,::1",
  });
  const customSecret = await apiToken(smallFile, small.memberId, {
    id: "bench-custom",
    name: "bench-custom",
    scope: "CUSTOM",
    permissions: "account:read,api_keys:read,dns:read,dns:write",
  });
  // A team's Write token: its authentication beside a personal one's (the lookup also reads the team).
  const teamSecret = await apiToken(smallFile, small.memberId, { id: "bench-team-token", name: "bench-team", team: "Platform" });
  // The database at scale, only for the parts that use it.
  const atScale = runs("pages") || runs("export") || runs("activity");
  const bigFile = atScale ? migratedDatabase("big") : smallFile;
  const seedStarted = Date.now();
  const big = atScale ? seedBulk(bigFile, SCALE, passwordHash) : small;
  if (atScale)
    log(`  ${SCALE.users} users, ${SCALE.tokens} tokens, ${SCALE.events} audit events in ${round((Date.now() - seedStarted) / 1000, 1)} s`);
  // The member's own bench token is used the same on both; at scale, 1,000 more tokens make the rest of the 10 million.
  const bigSecret = atScale && bigFile !== smallFile ? await apiToken(bigFile, big.memberId) : secret;
  if (runs("activity")) {
    const activityStarted = Date.now();
    const { tokens, requestsPerToken } = ACTIVITY_SCALE;
    seedActivity(smallFile, ["bench-api-token"], requestsPerToken);
    if (atScale)
      seedActivity(bigFile, ["bench-api-token", ...Array.from({ length: tokens - 1 }, (_, i) => `bench-token-${i * 7}`)], requestsPerToken);
    log(
      `  ${tokens * requestsPerToken} recorded requests over 30 days across ${tokens} tokens in ${round((Date.now() - activityStarted) / 1000, 1)} s`,
    );
  }

  const cpu = pinned ? { cpu: 1 } : {};
  const smallServer = await startServer(3901, { ...SERVER_ENV, DATABASE_URL: `file:${smallFile}` }, cpu);
  const bigServer = atScale ? await startServer(3902, { ...SERVER_ENV, DATABASE_URL: `file:${bigFile}` }, cpu) : smallServer;
  const results: Results = {};
  try {
    const cookies = {
      small: { admin: await sessionCookie(smallFile, small.adminId), member: await sessionCookie(smallFile, small.memberId) },
      big: atScale
        ? { admin: await sessionCookie(bigFile, big.adminId), member: await sessionCookie(bigFile, big.memberId) }
        : { admin: "", member: "" },
    };
    if (runs("authority")) {
      log("The token authority against the floor, at 50 connections, every request's log line written:");
      const server = await authorityServer(3904, { DATABASE_URL: `file:${smallFile}` });
      const floor = await startFloor(3905, { sqlite: smallFile });
      try {
        results.authority = await authorityFigures(server, floor, secret);
        log("Through nginx, with auth_request to forward auth and without:");
        results.proxy = await proxyFigures(server, secret);
      } finally {
        await Promise.all([server.stop(), floor.stop()]);
      }
    }
    if (runs("auth")) {
      log(`Token authentication at 50 connections, in pairs of runs with GET /v2/openapi.json:`);
      results.auth = await authentication(smallServer, tokenCases(secret, pinnedSecret, customSecret, teamSecret));
      results.queries = await junkQueries(smallFile, secret);
    }
    if (runs("pages")) {
      log("Console pages at scale, median of 9 requests, against the same pages near-empty:");
      results.pages = await consolePages(bigServer, smallServer, cookies);
    }
    if (runs("export")) {
      log(`Audit CSV export of ${SCALE.events} events:`);
      results.export = await exportFigures(bigServer, cookies.big.admin);
      log(
        `  ${results.export.rows} rows in ${results.export.seconds} s: ${results.export.rowsPerSecond} rows/s; peak memory ${results.export.peakGrowthMB} MB above idle`,
      );
    }
    if (runs("activity")) {
      log("Activity: the token's reads and the admin Overview at scale, median of 9, against the same near-empty:");
      const pages = await activityFigures(
        bigServer,
        smallServer,
        "bench-api-token",
        { big: bigSecret, small: secret },
        {
          big: cookies.big.admin,
          small: cookies.small.admin,
        },
      );
      log("Activity: what recording costs a request:");
      const recording = await recordingCost(smallServer, secret, migratedDatabase("recording"));
      results.activity = { pages, recording };
    }
    if (runs("js")) results.firstLoadJsKB = await firstLoadJs(smallServer, cookies.small.admin);

    writeResults("results", { machine: { cores: os.cpus().length, node: process.version, pinned }, quick, scale: SCALE }, results);
    log(`Done in ${Math.round((Date.now() - started) / 1000)} s: bench/results.json, bench/results.md`);
  } finally {
    await smallServer.stop();
    if (atScale) await bigServer.stop();
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
