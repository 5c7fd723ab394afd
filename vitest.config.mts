import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: [{ find: /^@\//, replacement: `${import.meta.dirname}/` }],
    // "react-server" is the condition Next.js resolves server code with; under it the
    // `server-only` guard is the empty module, as it is on the real server.
    conditions: ["react-server"],
  },
  ssr: { resolve: { conditions: ["react-server"], externalConditions: ["react-server"] } },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts"],
    // Suites that need a real service run when it is given (npm test names those it did not run).
    exclude: ["**/node_modules/**", ...(process.env.TEST_REDIS_URL ? [] : ["**/*.redis.test.ts"])],
    environment: "node",
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/isolated-database.ts"],
    // Lets the CSV export test force garbage collection and measure what is really retained.
    execArgv: ["--expose-gc"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
