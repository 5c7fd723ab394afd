import "server-only";
import pg from "pg";
import { databaseUrl } from "@/lib/server/config.mjs";
import { log } from "@/lib/server/log";
import { requestStore } from "@/lib/server/request-store.mjs";

// The pool of the app's Prisma client on PostgreSQL, made here rather than by Prisma's adapter
// for one reason: the adapter gives a transaction's connection back to the pool only after a
// COMMIT or ROLLBACK that succeeded. A connection lost inside a transaction (a restart, a
// failover, a terminated backend) fails both, so it stayed checked out for good: each such
// loss took one of the pool's connections until, at the tenth, every query waited forever.
// Here a checked-out connection that ends is given back with its error, which removes it.

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

/** How long a request waits for a free connection: past it, it is answered "busy" (503), never left waiting. */
const POOL_WAIT_MS = 5_000;

/**
 * One of the process's two pools (the app's, through Prisma; the API's hot reads): keep-alive,
 * so a vanished server or network is noticed; a bounded wait for a connection; a query with no
 * answer past `queryTimeoutMs` (a frozen server, a silent network drop) fails, 503, not a hang.
 * An idle connection the server closed is dropped and replaced, and logged outside any request
 * (it belongs to none); unheard, the error would end the process.
 */
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

/** A pool whose connections, lost while checked out, leave it instead of staying taken. */
function createAppPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  const connect = pool.connect.bind(pool) as (callback?: unknown) => Promise<pg.PoolClient> | void;
  // pg-pool's own query() connects with a callback and releases for itself; only promise callers are guarded.
  pool.connect = ((callback?: unknown) =>
    callback ? connect(callback) : (connect() as Promise<pg.PoolClient>).then(givenBackWhenLost)) as typeof pool.connect;
  return pool;
}
