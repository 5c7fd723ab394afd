// `npm run dev`: migrates, then the same server as `npm start` with Next.js in development mode
// (hot reload), so that the app sees clients the same way in both.
import { loadDotEnv, runMain } from "../lib/server/command.mjs";
import { migrate } from "./migrate.mjs";
import { startServer } from "./server.mjs";

await runMain(async () => {
  loadDotEnv();
  await migrate();
  process.env.NODE_ENV = "development";
  const { shutdown } = await startServer({ dev: true });
  for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => void shutdown(signal).then(() => process.exit(0)));
});
