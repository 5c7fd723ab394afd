import "server-only";
import pg from "pg";

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

/** A pool whose connections, lost while checked out, leave it instead of staying taken. */
export function createAppPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  const connect = pool.connect.bind(pool) as (callback?: unknown) => Promise<pg.PoolClient> | void;
  // pg-pool's own query() connects with a callback and releases for itself; only promise callers are guarded.
  pool.connect = ((callback?: unknown) =>
    callback ? connect(callback) : (connect() as Promise<pg.PoolClient>).then(givenBackWhenLost)) as typeof pool.connect;
  return pool;
}
