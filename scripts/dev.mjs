// `npm run dev`: migrates, then the same server as `npm start` with Next.js in development mode
// (hot reload), so that the app sees clients the same way in both.
import { loadDotEnv } from "../lib/server/config.mjs";
import { migrate } from "./migrate.mjs";
import { startServer } from "./server.mjs";

loadDotEnv();
migrate();
process.env.NODE_ENV = "development";
await startServer({ dev: true });
