import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { databaseUrl } from "./lib/server/config.mjs";

// The CLI runs the JavaScript schema engine through the driver adapter; these stop it from
// downloading native engines it does not need (see docs/architecture.md, "Prisma on these machines").
const placeholder = path.join(__dirname, "prisma", "engine-placeholder");
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= placeholder;
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= placeholder;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    // For the Prisma CLI only (generate, migrate diff, status): the console applies migrations
    // with its own runner, which waits for the write lock (scripts/migrate.mjs says why).
    return new PrismaBetterSQLite3({ url: databaseUrl(), timeout: 10_000 });
  },
});
