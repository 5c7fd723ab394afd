// `npm run scan -- <path> [<path> ...]`: lists the Token Console tokens in a folder or file, so
// that a team can fail its own CI on a committed token. Only real tokens count: the pattern,
// then the checksum (a look-alike is not reported). It prints where each one is and its display
// prefix, never the token. Exit 1 when any is found, 0 when none, 2 for a bad invocation.
// The walk and its skips are lib/server/token-scan.ts's (`tkc scan` uses it too).
import fs from "node:fs";
import { displayPrefixOf } from "@/lib/server/token-format";
import { scanPaths } from "@/lib/server/token-scan";

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
  const { scanned, found: tokens } = scanPaths(args);
  for (const { file, line, column, token } of tokens) console.log(`${file}:${line}:${column}  ${displayPrefixOf(token)}…`);
  const found = tokens.length;
  console.error(
    found === 0
      ? `No Token Console token in ${scanned} file${scanned === 1 ? "" : "s"}.`
      : `Found ${found} Token Console token${found === 1 ? "" : "s"} in ${scanned} file${scanned === 1 ? "" : "s"}: revoke ${found === 1 ? "it" : "them"} (or report ${found === 1 ? "it" : "them"} to POST /v2/credentials/revoke) and remove ${found === 1 ? "it" : "them"} from the files.`,
  );
  return found === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
