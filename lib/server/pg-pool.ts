import "server-only";
import pg from "pg";
import { databaseUrl } from "@/lib/server/config.mjs";
import { log } from "@/lib/server/log";
import { requestStore } from "@/lib/server/request-store.mjs";

// Made here, not by Prisma's adapter, because the adapter gives a connection back only after a
// COMMIT or ROLLBACK that succeeded: each connection lost inside a transaction (a restart, a
// failover) stayed checked out, until at the tenth every query waited forever. Here a lost one
// is given back with its error, which removes it.

type Release = (error?: Error | boolean) => void;

function givenBackWhenLost(client: pg.PoolClient): pg.PoolClient {
  const release: Release = client.release;
  let released = false;
  const lost = () => finish(new Error("the connection to PostgreSQL was lost while in use"));
  const finish: Release = (error) => {
    // Once only: the adapter may still release it after a failed BEGIN; pg-pool throws on a second release.
    if (released) return;
    released = true;
    client.removeListener("end", lost);
    release(error);
  };
  client.once("end", lost);
  client.release = finish;
  return client;
}

const POOL_WAIT_MS = 5_000;

// Keep-alive and query_timeout so that a frozen server or silent network drop is a 503, not a
// hang. The pool's "error" must be listened to, or an idle connection the server closed would end
// the process; it belongs to no request.
export function createPgPool(name: "app" | "reads", { queryTimeoutMs, types }: { queryTimeoutMs: number; types?: pg.CustomTypesConfig }) {
  const config = {
    connectionString: databaseUrl(),
    max: 10,
    keepAlive: true,
    connectionTimeoutMillis: POOL_WAIT_MS,
    query_timeout: queryTimeoutMs,
    ...(types ? { types } : {}),
  };
  const pool = name === "app" ? createAppPool(config) : new pg.Pool(config);
  pool.on("error", (error) => requestStore.exit(() => log.warn("postgres.connection_lost", { pool: name, error: error.message })));
  return pool;
}

function createAppPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  const connect = pool.connect.bind(pool) as (callback?: unknown) => Promise<pg.PoolClient> | void;
  // pg-pool's own query() connects with a callback and releases for itself; only promise callers are guarded.
  pool.connect = ((callback?: unknown) =>
    callback ? connect(callback) : (connect() as Promise<pg.PoolClient>).then(givenBackWhenLost)) as typeof pool.connect;
  return pool;
}
