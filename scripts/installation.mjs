// Facts about this installation that keep an operator from losing data by accident:
// - the token pepper's fingerprint in the database, checked at every start, so a database that
//   meets the wrong secrets (restored without its secrets.json, or a TOKEN_PEPPER mistyped)
//   stops the server with a message instead of silently failing every token;
// - a run file per live server, so that `npm run restore` refuses to replace a database a
//   server is using.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { ConfigError, dataDir, databaseFile, databaseLabel, databaseProvider, databaseUrl } from "../lib/server/config.mjs";
import { pepperFingerprint } from "../lib/server/secrets.mjs";

const FINGERPRINT_KEY = "tokenPepperFingerprint";

/**
 * Records the pepper's fingerprint on first use; refuses a pepper that is not the recorded one,
 * and fresh secrets meeting a database that already holds tokens (from before fingerprints).
 * @param {{ tokenPepper: string, pepperFrom: string, generated: boolean }} secrets
 */
export async function checkSecretsMatch(secrets) {
  const db = await settingsStore();
  try {
    const fingerprint = pepperFingerprint(secrets.tokenPepper);
    const stored = await db.fingerprint();
    const tokens = await db.tokens();
    const mismatch = stored ? stored !== fingerprint : secrets.generated && tokens > 0;
    if (mismatch) {
      // Fresh secrets made just now would only get in the way of restoring the right ones.
      if (secrets.generated) fs.rmSync(secrets.pepperFrom, { force: true });
      const source = secrets.generated
        ? `newly generated secrets (${secrets.pepperFrom} was missing)`
        : `the token pepper from ${secrets.pepperFrom}`;
      throw new ConfigError(
        `The database ${databaseLabel()} holds ${tokens} tokens hashed with another token pepper than ${source}: every token would fail. ` +
          `Put back the secrets.json that belongs to this database (npm run backup writes it beside the copy), or set TOKEN_PEPPER to its original value.`,
      );
    }
    if (!stored) await db.record(fingerprint);
  } finally {
    await db.close();
  }
}

/** The three statements the check needs, on SQLite or PostgreSQL. */
async function settingsStore() {
  if (databaseProvider() === "postgresql") {
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: databaseUrl() });
    await client.connect();
    return {
      fingerprint: async () => (await client.query(`SELECT "value" FROM "Setting" WHERE "key" = $1`, [FINGERPRINT_KEY])).rows[0]?.value,
      tokens: async () => Number((await client.query(`SELECT count(*) AS n FROM "ApiToken"`)).rows[0].n),
      // Instances starting together: the first one's fingerprint stands.
      record: async (/** @type {string} */ value) =>
        void (await client.query(`INSERT INTO "Setting" ("key", "value") VALUES ($1, $2) ON CONFLICT ("key") DO NOTHING`, [
          FINGERPRINT_KEY,
          value,
        ])),
      close: () => client.end(),
    };
  }
  const db = new Database(databaseFile(), { timeout: 10_000 });
  return {
    fingerprint: async () =>
      /** @type {{ value: string } | undefined} */ (db.prepare(`SELECT "value" FROM "Setting" WHERE "key" = ?`).get(FINGERPRINT_KEY))
        ?.value,
    tokens: async () => /** @type {{ n: number }} */ (db.prepare(`SELECT count(*) AS n FROM "ApiToken"`).get()).n,
    record: async (/** @type {string} */ value) =>
      void db.prepare(`INSERT OR IGNORE INTO "Setting" ("key", "value") VALUES (?, ?)`).run(FINGERPRINT_KEY, value),
    close: async () => db.close(),
  };
}

/** `npm run backup` and `restore` work on the SQLite file; PostgreSQL has its own tools. */
export function requireEmbeddedDatabase() {
  if (databaseProvider() === "postgresql") {
    throw new ConfigError(
      "DATABASE_URL names a PostgreSQL server: back it up and restore it with PostgreSQL's own tools (pg_dump --format=custom, pg_restore), and keep AUTH_SECRET and TOKEN_PEPPER with the dump.",
    );
  }
}

const runDir = () => path.join(dataDir(), "run");

/**
 * Writes this server's run file; removed when the process exits.
 * @param {{ port: number }} facts
 */
export function registerRun({ port }) {
  fs.mkdirSync(runDir(), { recursive: true, mode: 0o700 });
  const file = path.join(runDir(), `${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify({ pid: process.pid, port, database: databaseLabel(), startedAt: new Date().toISOString() }), {
    mode: 0o600,
  });
  process.on("exit", () => fs.rmSync(file, { force: true }));
}

/**
 * The live servers using `database`, from their run files (those of dead processes are removed).
 * @param {string} database
 * @returns {Array<{ pid: number, port: number }>}
 */
export function liveServers(database) {
  if (!fs.existsSync(runDir())) return [];
  return fs.readdirSync(runDir()).flatMap((name) => {
    const file = path.join(runDir(), name);
    let run;
    try {
      run = JSON.parse(fs.readFileSync(file, "utf8"));
      process.kill(run.pid, 0); // throws when there is no such process
    } catch (error) {
      // EPERM: the process lives, under another user.
      if (!run || /** @type {NodeJS.ErrnoException} */ (error).code !== "EPERM") {
        fs.rmSync(file, { force: true });
        return [];
      }
    }
    return run.database === database ? [run] : [];
  });
}
