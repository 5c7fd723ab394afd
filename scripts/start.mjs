// `npm start`: everything a fresh clone needs, then the production server, in this process.
// 1. secrets: generated into data/secrets.json on first run unless set in the environment;
// 2. database: migrations applied (SQLite file created if absent), waiting for the write lock
//    if another process holds it (scripts/migrate.mjs); then the secrets checked against the
//    database (scripts/installation.mjs);
// 3. build: `next build` when there is none, or when the code has changed since it was made;
//    a warning when NEXT_SERVER_ACTIONS_ENCRYPTION_KEY is not the key the build was made with;
// 4. the server (scripts/server.mjs), stopped gracefully on SIGTERM or SIGINT, and also when
//    the process that started it (npm) goes away, so that no server is ever left behind.
// A configuration mistake ends it with one line that names the fix, and exit code 1.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { databaseProvider, env } from "../lib/server/config.mjs";
import { loadDotEnv, runMain } from "../lib/server/command.mjs";
import { resourceCatalogue } from "../lib/server/permission-catalogue.mjs";
import { loadSecrets, requireStatelessSettings, secretsFile } from "../lib/server/secrets.mjs";
import { log } from "../lib/server/logger.mjs";
import { buildKeyDiffers, buildState, writeBuildStamp, sourceHash } from "./build-stamp.mjs";
import { checkSecretsMatch, registerRun } from "./installation.mjs";
import { migrate } from "./migrate.mjs";
import { buildApi } from "./api.mjs";
import { startServer } from "./server.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

await runMain(async () => {
  loadDotEnv();
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  env(); // every variable checked before anything is touched
  resourceCatalogue(); // and PERMISSIONS_FILE: a mistake there is one line now, not a refusal later
  // Interchangeable instances share what one of them would otherwise generate for itself.
  if (databaseProvider() === "postgresql") requireStatelessSettings();
  const secrets = loadSecrets();
  // Said once, because the file is as precious as the database: a backup needs both.
  if (secrets.generated) log.info("secrets.generated", { file: secretsFile(), mode: "0600", backUpWith: "npm run backup" });
  await migrate();
  await checkSecretsMatch(secrets);

  const state = buildState();
  if (state !== "current") {
    log.info("start.building", { reason: state === "missing" ? "no production build yet" : "the code has changed since the last build" });
    await log.flush(); // out before the build's own output: the blocking spawn below would hold it back until after
    const hash = sourceHash();
    const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
    if (build.status !== 0) process.exit(build.status ?? 1);
    await buildApi(); // the platform API's bundle, beside Next.js's output (scripts/api.mjs)
    writeBuildStamp(hash);
  } else if (buildKeyDiffers(env().NEXT_SERVER_ACTIONS_ENCRYPTION_KEY)) {
    // Not rebuilt here: instances starting together from one folder would build over each other.
    log.warn("start.build_key_differs", {
      fix: "NEXT_SERVER_ACTIONS_ENCRYPTION_KEY is not the key this build was made with, so instances built with the key cannot run this one's server actions: run npm run build with it set (in the environment or .env), then start again",
    });
  }

  process.env.NODE_ENV = "production";
  const { shutdown } = await startServer();
  registerRun({ port: env().PORT });

  const stop = (/** @type {string} */ reason) =>
    void shutdown(reason).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  let signals = 0;
  for (const signal of /** @type {const} */ (["SIGTERM", "SIGINT", "SIGHUP"])) {
    process.on(signal, () => {
      // A second signal means now.
      if (++signals > 1) process.exit(1);
      stop(signal);
    });
  }
  // npm may exit on a signal without passing it on: a server whose parent is gone stops too.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && stop("parent exited"), 500).unref();
});
