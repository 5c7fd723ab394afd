// @ts-check
// Private to their owner: they hold password hashes, token hashes and the keys to both.
import fs from "node:fs";
import path from "node:path";
import { ConfigError } from "./config.mjs";

/**
 * @param {string} dir
 */
export function ensurePrivateDir(dir) {
  try {
    if (!fs.existsSync(/*turbopackIgnore: true*/ dir)) fs.mkdirSync(/*turbopackIgnore: true*/ dir, { recursive: true, mode: 0o700 });
    fs.accessSync(/*turbopackIgnore: true*/ dir, fs.constants.W_OK | fs.constants.X_OK);
  } catch (error) {
    throw new ConfigError(
      `The data folder ${path.resolve(dir)} cannot be used (${errorCode(error)}): set DATA_DIR to a folder this user may write, or fix its owner and permissions.`,
    );
  }
}

/** @param {unknown} error */
export const errorCode = (error) => {
  const { code, message } = /** @type {NodeJS.ErrnoException} */ (error);
  return code === "EACCES" || code === "EPERM" ? "permission denied" : code === "ENOTDIR" ? "not a folder" : (code ?? message);
};

/**
 * Also fixes files an earlier version created with looser modes. SQLite gives the -wal and -shm
 * files the database file's mode.
 * @param {string} file
 */
export function makeDatabasePrivate(file) {
  try {
    if (!fs.existsSync(/*turbopackIgnore: true*/ file)) fs.closeSync(fs.openSync(/*turbopackIgnore: true*/ file, "a", 0o600));
    for (const name of [file, `${file}-wal`, `${file}-shm`]) {
      if (fs.existsSync(/*turbopackIgnore: true*/ name)) fs.chmodSync(/*turbopackIgnore: true*/ name, 0o600);
    }
  } catch (error) {
    throw new ConfigError(
      `The database ${file} cannot be opened (${errorCode(error)}): check DATABASE_URL, or the file's owner and permissions.`,
    );
  }
}
