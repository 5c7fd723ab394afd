// Starts the production server for the end-to-end run on a fresh, throw-away data folder
// (database and secrets), through the same script as `npm start`.
import fs from "node:fs";
import path from "node:path";

const dataDir = path.resolve(process.env.DATA_DIR ?? path.join("e2e", ".data"));
fs.rmSync(dataDir, { recursive: true, force: true });
process.env.DATA_DIR = dataDir;
delete process.env.DATABASE_URL;
await import("../scripts/start.mjs");
