// The PostgreSQL schema is the SQLite one with another datasource and client folder: one
// schema, two providers. `npm run db:schema-postgresql` writes prisma/postgresql/schema.prisma
// from prisma/schema.prisma; a test fails when the committed file differs from what this
// writes, so the two cannot drift. (A Prisma schema names exactly one provider.)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SQLITE_SCHEMA = path.join(root, "prisma", "schema.prisma");
export const POSTGRESQL_SCHEMA = path.join(root, "prisma", "postgresql", "schema.prisma");

/** The PostgreSQL schema for a SQLite schema's text. */
export function postgresqlSchema(sqlite) {
  const header = "// Generated from prisma/schema.prisma by `npm run db:schema-postgresql`: edit that file, not this one.\n";
  const replaced = sqlite
    .replace(/^\/\/ One schema.*\n/, header)
    .replace('output     = "../lib/generated/prisma"', 'output     = "../../lib/generated/prisma-pg"')
    .replace(
      /provider = "sqlite"\n(\s*\/\/.*\n)?\s*url\s*=\s*".*"/,
      'provider = "postgresql"\n  // Prisma 6.19 still wants a url here; the driver adapter built from DATABASE_URL wins.\n  url      = "postgresql://localhost/token_console"',
    );
  if (!replaced.includes('provider = "postgresql"') || !replaced.includes("prisma-pg"))
    throw new Error("prisma/schema.prisma no longer has the shape this script rewrites");
  return replaced;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  fs.writeFileSync(POSTGRESQL_SCHEMA, postgresqlSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
  console.log(`wrote ${path.relative(process.cwd(), POSTGRESQL_SCHEMA)}`);
}
