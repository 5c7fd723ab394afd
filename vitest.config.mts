import { defineConfig } from "vitest/config";

// Every suite runs on the embedded SQLite. The suites of the data layer, the API and security
// run again on PostgreSQL when TEST_DATABASE_URL names a server (a database there that the
// tests may create others from), and the Redis suites when TEST_REDIS_URL is set; `npm test`
// names, in its summary, what it did not run and why.
const POSTGRESQL_SUITES = [
  "lib/dal/**/*.test.ts",
  "app/v2/**/*.test.ts",
  "test/security/*.test.ts",
  "test/faults/*.test.ts",
  "test/*.postgresql.test.ts",
];
const SQLITE_ONLY = "**/*.sqlite.test.ts";

export default defineConfig({
  resolve: {
    alias: [{ find: /^@\//, replacement: `${import.meta.dirname}/` }],
    // "react-server" is the condition Next.js resolves server code with; under it the
    // `server-only` guard is the empty module, as it is on the real server.
    conditions: ["react-server"],
  },
  ssr: { resolve: { conditions: ["react-server"], externalConditions: ["react-server"] } },
  test: {
    environment: "node",
    // Lets the CSV export test force garbage collection and measure what is really retained.
    execArgv: ["--expose-gc"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "sqlite",
          include: ["lib/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts", "cli/**/*.test.ts"],
          exclude: ["**/node_modules/**", "**/*.postgresql.test.ts", ...(process.env.TEST_REDIS_URL ? [] : ["**/*.redis.test.ts"])],
          globalSetup: ["test/global-setup.ts"],
          setupFiles: ["test/isolated-database.ts"],
        },
      },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              extends: true as const,
              test: {
                name: "postgresql",
                include: POSTGRESQL_SUITES,
                exclude: ["**/node_modules/**", SQLITE_ONLY],
                globalSetup: ["test/global-setup.ts"],
                setupFiles: ["test/isolated-database.ts"],
                env: { TEST_PROVIDER: "postgresql" },
              },
            },
          ]
        : []),
    ],
  },
});
