import path from "node:path";
import { defineConfig } from "prisma/config";
// adapter-pg 7.10.1, under an npm alias, only for the CLI: 6.19.3's fails inside the JavaScript
// schema engine (Prisma issue 27403); the app's client uses 6.19.3 (see docs/architecture.md).
import { PrismaPg } from "adapter-pg-migrate";

// The Prisma CLI for PostgreSQL (`npm run db:migrate` runs it when DATABASE_URL is postgresql://).
const placeholder = path.join(__dirname, "prisma", "engine-placeholder");
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= placeholder;
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= placeholder;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/postgresql/schema.prisma",
  migrations: { path: "prisma/postgresql/migrations" },
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "postgresql://localhost/token_console" });
  },
});
