// Starts the production server for the end-to-end run on a fresh, throw-away data folder
// (database and secrets), through the same script as `npm start`.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const dataDir = path.resolve(process.env.DATA_DIR ?? path.join("e2e", ".data"));
fs.rmSync(dataDir, { recursive: true, force: true });
process.env.DATA_DIR = dataDir;
delete process.env.DATABASE_URL;

// A stand-in for GitHub's secret scanning: a key pair made for this run, its public half
// published to the server as GitHub publishes its keys, its private half for the tests to sign with.
const github = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
fs.mkdirSync(dataDir, { recursive: true });
fs.writeFileSync(path.join(dataDir, "github-signing-key.pem"), github.privateKey.export({ type: "pkcs8", format: "pem" }));
const keysFile = path.join(dataDir, "github-keys.json");
const published = github.publicKey.export({ type: "spki", format: "pem" }).toString();
fs.writeFileSync(keysFile, JSON.stringify({ public_keys: [{ key_identifier: "e2e-key", key: published, is_current: true }] }));
process.env.GITHUB_SECRET_SCANNING_KEYS_FILE = keysFile;
await import("../scripts/start.mjs");
