// `npm run backup -- <file>`: a consistent copy of the database while the server runs, through
// SQLite's online backup (copying the file itself misses what is still in its write-ahead log),
// and beside it, as <file>.secrets.json, the secrets its tokens and sessions need. Both are
// 0600 from their first byte (they hold password hashes, token hashes and the key to the
// latter): SQLite would create the copy 0644 and a chmod at the end leaves it readable while it
// is written, so the copy is made in a 0700 staging folder, in a file created 0600, under a
// 0077 umask, and only then linked to its name.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { ConfigError, databaseFile, env } from "../lib/server/config.mjs";
import { loadDotEnv, runMain } from "../lib/server/command.mjs";
import { secretsFile } from "../lib/server/secrets.mjs";
import { requireEmbeddedDatabase } from "./installation.mjs";

/** Gives the finished copy its name: a link refuses a file that appeared under it meanwhile; a rename where links are not supported. */
function publish(partial, file) {
  try {
    fs.linkSync(partial, file);
  } catch (error) {
    if (!["EPERM", "ENOTSUP", "EOPNOTSUPP"].includes(error?.code) || fs.existsSync(file)) throw error;
    fs.renameSync(partial, file);
  }
}

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

  process.umask(0o077);
  const staging = fs.mkdtempSync(path.join(path.dirname(file), ".backup-"));
  const partial = path.join(staging, path.basename(file));
  const db = new Database(source, { readonly: true, fileMustExist: true });
  let counts;
  try {
    fs.closeSync(fs.openSync(partial, "wx", 0o600));
    await db.backup(partial);
    // Read back in the staging folder, so that the reader's -wal and -shm files go with it.
    const copy = new Database(partial, { readonly: true });
    counts = copy
      .prepare(
        `SELECT (SELECT count(*) FROM "User") AS users, (SELECT count(*) FROM "ApiToken") AS tokens, (SELECT count(*) FROM "AuditEvent") AS events`,
      )
      .get();
    copy.close();
    publish(partial, file);
  } catch (error) {
    throw new ConfigError(`The backup to ${file} failed: ${error instanceof Error ? error.message : String(error)}.`);
  } finally {
    db.close();
    fs.rmSync(staging, { recursive: true, force: true });
  }
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
    // Written 0600, never copied: a copy starts with its source's mode.
    fs.writeFileSync(`${file}.secrets.json`, fs.readFileSync(secretsFile()), { mode: 0o600, flag: "wx" });
    console.log(`Its secrets are in ${file}.secrets.json: keep the two files together, where only operators can read them.`);
  } else {
    console.log(`Warning: there is no ${secretsFile()}: without the secrets this database was used with, its tokens will not work.`);
  }
});
