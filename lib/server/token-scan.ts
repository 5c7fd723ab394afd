import fs from "node:fs";
import path from "node:path";
import { findTokens } from "./token-shape";

// Finds the Token Console tokens in folders and files: the pattern, then the checksum (a
// look-alike is not one). `npm run scan` and the command line's `tkc scan` both use it. Folders
// are walked without following links (a link named as a root is followed: the user chose it); .git, node_modules and .next are skipped, and so are files
// over 10 MB and files that look binary (a NUL byte early on). Not server-only, imported
// relatively: the command line runs it on a user's machine.

const SKIPPED_FOLDERS = new Set([".git", "node_modules", ".next"]);
const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** The files under `entry`, not following links; a link given as a root itself is followed (the user named it). */
function* files(entry: string, root = false): Generator<string> {
  const stat = root ? fs.statSync(entry) : fs.lstatSync(entry);
  if (stat.isSymbolicLink()) return;
  if (stat.isFile()) {
    yield entry;
    return;
  }
  if (!stat.isDirectory()) return;
  for (const child of fs.readdirSync(entry, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (child.isDirectory() && SKIPPED_FOLDERS.has(child.name)) continue;
    yield* files(path.join(entry, child.name));
  }
}

/**
 * A regular file's bytes, or null: opened without following a link (one swapped in since the
 * walk looked is not read, nor is a FIFO that would block), then checked on the open file itself.
 */
function readRegularFile(file: string, followLink: boolean): Buffer | null {
  const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = fs.constants;
  let fd: number;
  try {
    fd = fs.openSync(file, O_RDONLY | O_NONBLOCK | (followLink ? 0 : O_NOFOLLOW));
  } catch {
    return null;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return null;
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Line and column (1-based) of an index in a text. */
function position(text: string, index: number) {
  const before = text.slice(0, index);
  const line = before.split("\n").length;
  return { line, column: index - before.lastIndexOf("\n") };
}

/** A token found: where, and the token itself (for a revocation only: never to be printed). */
export type FoundToken = { file: string; line: number; column: number; token: string };

/** The tokens in `roots` (existing folders or files), in walking order, and how many files were read. */
export function scanPaths(roots: readonly string[]): { scanned: number; found: FoundToken[] } {
  let scanned = 0;
  const found: FoundToken[] = [];
  for (const root of roots) {
    for (const file of files(root, true)) {
      const bytes = readRegularFile(file, file === root);
      if (!bytes || bytes.subarray(0, 8000).includes(0)) continue;
      scanned++;
      const text = bytes.toString("utf8");
      for (const { token, index } of findTokens(text)) found.push({ file, ...position(text, index), token });
    }
  }
  return { scanned, found };
}
