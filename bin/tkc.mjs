#!/usr/bin/env node
// tkc, Token Console's command line (cli/main.ts), run from its TypeScript source with tsx: no
// build step, from any folder (cli/ imports its modules by relative path, not through tsconfig's "@/").
import "tsx";

// The repository is CommonJS (no "type": "module"): the module's exports may come as its default.
const cli = await import("../cli/main.ts");
const { main } = cli.main ? cli : cli.default;
process.exitCode = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
