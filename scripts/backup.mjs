// `npm run backup -- <file>`: a consistent copy of the database while the server runs, through
// SQLite's online backup (copying the file itself misses what is still in its write-ahead log),
// and beside it, as <file>.secrets.json, the secrets its tokens and sessions need. Both are
// written 0600: they hold password hashes, token hashes and the key to the latter.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { ConfigError, databaseFile, env, loadDotEnv, runMain, secretsFile } from "../lib/server/config.mjs";
import { requireEmbeddedDatabase } from "./installation.mjs";

await runMain(async () => {
  loadDotEnv();
  requireEmbeddedDatabase();
  const target = process.argv[2];
  if (!target) throw new ConfigError("Name the backup file: npm run backup -- backups/token-console-$(date +%F).db");
  const file = path.resolve(target);
  if (fs.existsSync(file)) throw new ConfigError(`${file} already exists: name a new file, so that no backup is overwritten.`);
  const source = databaseFile();
  if (!fs.existsSync(source)) throw new ConfigError(`There is no database at ${source} to back up: check DATA_DIR or DATABASE_URL.`);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new ConfigError(`The folder ${path.dirname(file)} cannot be created: ${error instanceof Error ? error.message : String(error)}.`);
  }

  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(file);
  } catch (error) {
    fs.rmSync(file, { force: true });
    throw new ConfigError(`The backup to ${file} failed: ${error instanceof Error ? error.message : String(error)}.`);
  } finally {
    db.close();
  }
  fs.chmodSync(file, 0o600);
  const copy = new Database(file, { readonly: true });
  const counts = copy
    .prepare(
      `SELECT (SELECT count(*) FROM "User") AS users, (SELECT count(*) FROM "ApiToken") AS tokens, (SELECT count(*) FROM "AuditEvent") AS events`,
    )
    .get();
  copy.close();
  console.log(`Backed up ${source} to ${file}: ${counts.users} users, ${counts.tokens} tokens, ${counts.events} audit events.`);

  const { AUTH_SECRET, NEXTAUTH_SECRET, TOKEN_PEPPER } = env();
  const fromEnv = [AUTH_SECRET || NEXTAUTH_SECRET ? null : "authSecret", TOKEN_PEPPER ? null : "tokenPepper"].every(
    (missing) => missing === null,
  );
  if (fromEnv) {
    console.log(
      "The secrets come from the environment: keep AUTH_SECRET and TOKEN_PEPPER with this backup; without TOKEN_PEPPER no token in it works.",
    );
  } else if (fs.existsSync(secretsFile())) {
    fs.copyFileSync(secretsFile(), `${file}.secrets.json`);
    fs.chmodSync(`${file}.secrets.json`, 0o600);
    console.log(`Its secrets are in ${file}.secrets.json: keep the two files together, where only operators can read them.`);
  } else {
    console.log(`Warning: there is no ${secretsFile()}: without the secrets this database was used with, its tokens will not work.`);
  }
});
