import { loadSecrets } from "../lib/server/secrets.mjs";
import { startServer } from "./server.mjs";
loadSecrets();
process.env.NODE_ENV = "production";
const { shutdown } = await startServer();
process.on("SIGTERM", () => void shutdown("t").then(() => process.exit(0)));
