// `npm run scan -- <path> [<path> ...]`: lists the Token Console tokens in a folder or file, so
// that a team can fail its own CI on a committed token. Only real tokens count: the pattern,
// then the checksum (a look-alike is not reported). It prints where each one is and its display
// prefix, never the token. Exit 1 when any is found, 0 when none, 2 for a bad invocation.
// Folders are walked without following links; .git, node_modules and .next are skipped, and so
// are files over 10 MB and files that look binary (a NUL byte early on).
import fs from "node:fs";
import path from "node:path";
import { displayPrefixOf, findTokens } from "@/lib/server/token-format";

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

function main(args: string[]): number {
  if (args.length === 0 || args.some((arg) => arg === "--help" || arg === "-h")) {
    console.error(
      "Usage: npm run scan -- <folder or file> [...]\nLists the valid Token Console tokens found (display prefix and place only); exits 1 if any.",
    );
    return 2;
  }
  const missing = args.filter((arg) => !fs.existsSync(arg));
  if (missing.length > 0) {
    console.error(`No such file or folder: ${missing.join(", ")}`);
    return 2;
  }
  let scanned = 0;
  let found = 0;
  for (const root of args) {
    for (const file of files(root)) {
      const { size } = fs.statSync(file);
      if (size > MAX_FILE_BYTES) continue;
      const bytes = fs.readFileSync(file);
      if (bytes.subarray(0, 8000).includes(0)) continue;
      scanned++;
      const text = bytes.toString("utf8");
      for (const { token, index } of findTokens(text)) {
        const { line, column } = position(text, index);
        console.log(`${file}:${line}:${column}  ${displayPrefixOf(token)}…`);
        found++;
      }
    }
  }
  console.error(
    found === 0
      ? `No Token Console token in ${scanned} file${scanned === 1 ? "" : "s"}.`
      : `Found ${found} Token Console token${found === 1 ? "" : "s"} in ${scanned} file${scanned === 1 ? "" : "s"}: revoke ${found === 1 ? "it" : "them"} (or report ${found === 1 ? "it" : "them"} to POST /v2/credentials/revoke) and remove ${found === 1 ? "it" : "them"} from the files.`,
  );
  return found === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
