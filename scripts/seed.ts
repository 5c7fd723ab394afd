// `npm run seed -- --demo [--force]`: fills the configured database with realistic sample data
// for screenshots and for trying the admin views: a handful of people, some forty tokens of
// both presets and Custom tokens made over the past weeks, some used lately, a few deleted or revoked, and the
// audit trail of all of it, written by the app's own data layer as real events are.
// Migrates the database first, as `npm start` does, so that it works on a fresh clone.
// Refuses a database that already holds accounts unless --force is given.
import crypto from "node:crypto";
import { parseArgs } from "node:util";
import { databaseLabel } from "@/lib/server/config.mjs";
import { loadDotEnv } from "@/lib/server/command.mjs";
import { migrate } from "@/scripts/migrate.mjs";

const USAGE = `Usage: npm run seed -- --demo [--force]
  --demo   sample people, tokens and audit events (the database is migrated first)
  --force  even into a database that already holds accounts
  --help   this text`;

const DEMO_PASSWORD = "token-console-demo";

const PEOPLE = [
  { name: "Maya Chen", email: "maya@example.com" },
  { name: "Jonas Weber", email: "jonas@example.com" },
  { name: "Priya Natarajan", email: "priya@example.com" },
  { name: "Sam Okafor", email: "sam@example.com" },
  { name: "Lea Martin", email: "lea@example.com" },
];

const TOKEN_NAMES = [
  "ci-deploy",
  "terraform-prod",
  "grafana-readonly",
  "backup-nightly",
  "k8s-operator",
  "github-actions",
  "billing-export",
  "status-page",
  "dns-sync",
  "vault-agent",
  "local-dev",
  "staging-smoke-tests",
  "cost-report",
  "incident-bot",
  "log-shipper",
  "ansible",
];

/** What some tokens are for, and where the ones that run in known places may be used from. */
/** `permissions`: a Custom token's (each write with its read); the others are Read-Only or Write. */
const PURPOSES: Record<string, { description: string; allowedIps?: string[]; permissions?: string[] }> = {
  "ci-deploy": { description: "Deploys main to production from CI", allowedIps: ["203.0.113.0/24"] },
  "terraform-prod": {
    description: "Terraform plans and applies for the production stack",
    allowedIps: ["203.0.113.0/24", "2001:db8:40::/48"],
  },
  "grafana-readonly": { description: "Dashboards read usage and billing", permissions: ["account:read", "monitoring:read"] },
  "backup-nightly": {
    description: "Nightly snapshot job",
    allowedIps: ["192.0.2.15"],
    permissions: ["cloud:read", "snapshots:read", "snapshots:write"],
  },
  "github-actions": { description: "Release workflow in the infra repository" },
};
/** The clients the demo's tokens were used by, and from where. */
const USES = [
  { ip: "203.0.113.7", client: "Go SDK" },
  { ip: "203.0.113.42", client: "curl 8.5.0" },
  { ip: "2001:db8:40::12", client: "Terraform 1.9.8" },
  { ip: "192.0.2.15", client: "Python requests 2.32" },
];

const BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/155.0.0.0 Safari/537.36";
const DAY = 24 * 60 * 60 * 1000;

const CALLS = [
  { method: "GET", path: "/v2/dns/zones", permission: "dns:read" },
  { method: "GET", path: "/v2/account/info", permission: "account:read" },
  { method: "GET", path: "/v2/api", permission: "api_keys:read" },
  { method: "POST", path: "/v2/dns/zones/example.com/records", permission: "dns:write" },
];
const USER_AGENTS: Record<string, string> = {
  "Go SDK": "Go-http-client/1.1",
  "curl 8.5.0": "curl/8.5.0",
  "Terraform 1.9.8": "Terraform/1.9.8",
  "Python requests 2.32": "python-requests/2.32.3",
};

/** Requests a token made over `days` up to its last use, as the recorder would have counted them (2% refused). */
function seedActivity(
  tokenId: string,
  days: number,
  from: Array<{ ip: string; client: string }>,
  last: { when: Date; use: { ip: string; client: string } },
  next: () => number,
  record: (typeof import("@/lib/dal/activity-recorder"))["recordRequest"],
) {
  const end = last.when.getTime();
  const perHour = 1 + Math.floor(next() * 12);
  const request = (at: number, use: { ip: string; client: string }, refused: boolean) => {
    const call = CALLS[Math.floor(next() * CALLS.length)]!;
    record({
      tokenId,
      at,
      method: call.method,
      path: call.path,
      status: refused ? 403 : call.method === "POST" ? 201 : 200,
      outcome: refused ? "denied_permission" : "ok",
      permission: call.permission,
      ip: use.ip,
      userAgent: USER_AGENTS[use.client] ?? null,
      requestId: crypto.randomUUID(),
    });
  };
  for (let hour = Math.floor(days * 24); hour >= 1; hour--) {
    const n = Math.floor(perHour * (0.5 + next()) * (hour % 24 < 8 ? 0.3 : 1));
    for (let i = 0; i < n; i++)
      request(end - hour * 3_600_000 + Math.floor(next() * 3_600_000), from[Math.floor(next() * from.length)]!, next() < 0.02);
  }
  request(end, last.use, false);
}

/** A small deterministic generator, so that two seeded databases look alike. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

async function seed(force: boolean): Promise<number> {
  const { db } = await import("@/lib/server/db");
  const { createUser, verifyCredentials } = await import("@/lib/dal/users");
  const { compileAllowedIps } = await import("@/lib/ip-allowlist");
  const { createToken, deleteToken, recordApiDenied, recordTokenUse, revokeTokenAsAdmin } = await import("@/lib/dal/tokens");
  const { recordRequest, flushActivity } = await import("@/lib/dal/activity-recorder");

  if (!force && (await db.user.count()) > 0) {
    console.error("Refused: this database already holds accounts. Seed an empty one, or add --force to add the sample data anyway.");
    return 1;
  }
  const next = random(42);
  const now = Date.now();
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY - Math.floor(next() * 8 * 60 * 60 * 1000));
  const meta = (when: Date, n: number) => ({ ip: `198.51.100.${10 + n}`, userAgent: BROWSER, at: when });

  const users = [];
  for (const [n, person] of PEOPLE.entries()) {
    const joined = at(45 - n * 3);
    const created = await createUser({ ...person, password: DEMO_PASSWORD }, meta(joined, n));
    if (!created.ok) {
      console.error(`Refused: ${person.email} already has an account here. Seed an empty database.`);
      return 1;
    }
    users.push({ user: created.user, joined, n });
  }

  let made = 0;
  const tokens: Array<{ owner: (typeof users)[number]; id: string; name: string; secret: string }> = [];
  for (const owner of users) {
    const count = 6 + Math.floor(next() * 5);
    const names = [...TOKEN_NAMES].sort(() => next() - 0.5).slice(0, count);
    for (const name of names) {
      const daysAgo = Math.max(0.2, ((now - owner.joined.getTime()) / DAY) * next());
      const when = at(daysAgo);
      await verifyCredentials(owner.user.email, DEMO_PASSWORD, meta(new Date(when.getTime() - 60_000), owner.n));
      const preset = next() < 0.4 ? "WRITE" : "READ_ONLY";
      const scope = PURPOSES[name]?.permissions ? "CUSTOM" : preset;
      const created = await createToken(owner.user, { name, scope, ...PURPOSES[name] }, { meta: meta(when, owner.n) });
      if (!created.ok) continue;
      made++;
      tokens.push({ owner, id: created.token.id, name, secret: created.secret });
      if (next() < 0.6) {
        // A few uses, oldest first, each from an address the token may be used from.
        const allows = compileAllowedIps(PURPOSES[name]?.allowedIps ?? []);
        const from = USES.filter((use) => allows(use.ip));
        const times = Array.from({ length: 1 + Math.floor(next() * 3) }, () => at(next() * Math.min(daysAgo, 6)));
        let last: { when: Date; use: (typeof USES)[number] } | undefined;
        for (const when of times.sort((a, b) => a.getTime() - b.getTime())) {
          const use = from[Math.floor(next() * from.length)];
          if (use) await recordTokenUse(created.token.id, when, use);
          if (use) last = { when, use };
        }
        // Its activity: some requests an hour over its days before its last use, a few refused,
        // the newest that last use itself (what Last used says, the log says).
        if (last) seedActivity(created.token.id, Math.min(daysAgo, 30), from, last, next, recordRequest);
      }
    }
  }

  // Some history: a few deleted by their owners, one revoked by the admin, a refused write, a mistyped password.
  const [admin] = users;
  for (const token of tokens.filter(() => next() < 0.1).slice(0, 4)) {
    await deleteToken(token.owner.user, token.id, { meta: meta(at(1 + next() * 3), token.owner.n) });
  }
  const revoked = tokens.find((t) => t.owner !== admin && t.name === "local-dev") ?? tokens.find((t) => t.owner !== admin);
  if (admin && revoked) await revokeTokenAsAdmin(admin.user, revoked.id, { meta: meta(at(0.5), admin.n) }).catch(() => null);
  const reader = tokens.find((t) => t.owner !== admin);
  if (reader)
    await recordApiDenied({ tokenId: reader.id, userId: reader.owner.user.id }, "POST /v2/api/generate", meta(at(2), reader.owner.n));
  if (users[1]) await verifyCredentials(users[1].user.email, "not-the-password", meta(at(3), users[1].n));

  await flushActivity();
  const live = await db.apiToken.count();
  console.log(`Seeded ${users.length} people and ${made} tokens (${live} still live), with their audit trail, into ${databaseLabel()}.`);
  console.log(
    `Sign in as ${PEOPLE[0]!.email} (the admin) or any of ${PEOPLE.slice(1)
      .map((p) => p.email)
      .join(", ")}, password "${DEMO_PASSWORD}".`,
  );
  return 0;
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { demo: { type: "boolean" }, force: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      strict: true,
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.demo) {
    console.error(USAGE);
    return 2;
  }
  loadDotEnv();
  await migrate({ quiet: true });
  return seed(Boolean(values.force));
}

void main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
