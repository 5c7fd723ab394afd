// `npm run restore -- <file>`: puts a backup made by `npm run backup` in place of the database,
// with the secrets saved beside it. Refuses while a server uses the database, and refuses a
// backup whose tokens the secrets at hand cannot open. What it replaces is kept, renamed.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { ConfigError, databaseFile, env } from "../lib/server/config.mjs";
import { loadDotEnv, runMain } from "../lib/server/command.mjs";
import { ensurePrivateDir } from "../lib/server/data-folder.mjs";
import { pepperFingerprint, secretsFile } from "../lib/server/secrets.mjs";
import { liveServers, requireEmbeddedDatabase } from "./installation.mjs";

await runMain(async () => {
  loadDotEnv();
  requireEmbeddedDatabase();
  const given = process.argv[2];
  if (!given) throw new ConfigError("Name the backup to restore: npm run restore -- backups/token-console.db");
  const backup = path.resolve(given);
  if (!fs.existsSync(backup)) throw new ConfigError(`There is no backup at ${backup}.`);
  const target = databaseFile();
  const running = liveServers(target);
  if (running.length > 0) {
    const list = running.map((run) => `PID ${run.pid} on port ${run.port}`).join(", ");
    throw new ConfigError(`A server is using ${target} (${list}): stop it first, then restore.`);
  }

  // A Token Console database, whole, and the secrets its tokens were hashed with.
  let facts;
  try {
    const db = new Database(backup, { readonly: true, fileMustExist: true });
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") throw new Error(`its integrity check says ${integrity}`);
    facts = db
      .prepare(
        `SELECT (SELECT count(*) FROM "ApiToken") AS tokens, (SELECT "value" FROM "Setting" WHERE "key" = 'tokenPepperFingerprint') AS fingerprint`,
      )
      .get();
    db.close();
  } catch (error) {
    throw new ConfigError(
      `${backup} is not a Token Console database this version can restore: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
  const savedSecrets = `${backup}.secrets.json`;
  const { TOKEN_PEPPER } = env();
  let pepper = TOKEN_PEPPER;
  if (!pepper && fs.existsSync(savedSecrets)) {
    try {
      pepper = JSON.parse(fs.readFileSync(savedSecrets, "utf8")).tokenPepper;
      if (typeof pepper !== "string") throw new Error("it has no tokenPepper");
    } catch (error) {
      throw new ConfigError(
        `${savedSecrets} is not a secrets file npm run backup wrote: ${error instanceof Error ? error.message : String(error)}.`,
      );
    }
  }
  if (!pepper && facts.tokens > 0) {
    throw new ConfigError(
      `${backup} holds ${facts.tokens} tokens but there is no ${savedSecrets} beside it, nor TOKEN_PEPPER: put its secrets file beside it (npm run backup writes one), or set TOKEN_PEPPER.`,
    );
  }
  if (pepper && facts.fingerprint && pepperFingerprint(pepper) !== facts.fingerprint) {
    throw new ConfigError(
      `The token pepper ${TOKEN_PEPPER ? "in TOKEN_PEPPER" : `in ${savedSecrets}`} is not the one ${backup}'s tokens were hashed with: find the secrets that belong to it.`,
    );
  }

  // What is replaced stays beside it, renamed.
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  ensurePrivateDir(path.dirname(target));
  for (const suffix of ["", "-wal", "-shm"]) {
    if (fs.existsSync(target + suffix)) fs.renameSync(target + suffix, `${target}.before-restore-${stamp}${suffix}`);
  }
  fs.copyFileSync(backup, target);
  fs.chmodSync(target, 0o600);
  if (fs.existsSync(savedSecrets)) {
    if (fs.existsSync(secretsFile())) fs.renameSync(secretsFile(), `${secretsFile()}.before-restore-${stamp}`);
    fs.copyFileSync(savedSecrets, secretsFile());
    fs.chmodSync(secretsFile(), 0o600);
  }
  console.log(
    `Restored ${backup} to ${target}${fs.existsSync(savedSecrets) ? `, and its secrets to ${secretsFile()}` : ""}. What was there is kept as *.before-restore-${stamp}. Start the server: npm start.`,
  );
});
