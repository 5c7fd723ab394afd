import fs from "node:fs";
import path from "node:path";
import { findTokens } from "./token-shape";

// Finds the Token Console tokens in folders and files: the pattern, then the checksum (a
// look-alike is not one). `npm run scan` and the command line's `tkc scan` both use it. Folders
// are walked without following links; .git, node_modules and .next are skipped, and so are files
// over 10 MB and files that look binary (a NUL byte early on). Not server-only, imported
// relatively: the command line runs it on a user's machine.

const SKIPPED_FOLDERS = new Set([".git", "node_modules", ".next"]);
const MAX_FILE_BYTES = 10 * 1024 * 1024;

function* files(entry: string): Generator<string> {
  const stat = fs.lstatSync(entry);
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
    for (const file of files(root)) {
      const { size } = fs.statSync(file);
      if (size > MAX_FILE_BYTES) continue;
      const bytes = fs.readFileSync(file);
      if (bytes.subarray(0, 8000).includes(0)) continue;
      scanned++;
      const text = bytes.toString("utf8");
      for (const { token, index } of findTokens(text)) found.push({ file, ...position(text, index), token });
    }
  }
  return { scanned, found };
}
