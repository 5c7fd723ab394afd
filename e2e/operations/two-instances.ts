// Two instances of the console behind one load balancer of the test's own, sharing one database
// and one Redis, as a deployment that outgrew one machine runs them: on PostgreSQL when
// TEST_DATABASE_URL is set (each instance with a data folder of its own: everything it shares
// comes from the environment), otherwise on one SQLite file. The balancer passes each request,
// Host header and all, to the instance `route` names.
import crypto from "node:crypto";
import http from "node:http";
import { startServer, type RunningServer } from "../support/server";
import { databaseUrlFor, dropDatabase, onServer } from "../../test/postgres";
import { tempDir } from "./support";

export type TwoInstances = {
  a: RunningServer;
  b: RunningServer;
  /** The one origin both answer at. */
  url: string;
  stop(): Promise<void>;
};

export async function startTwoInstances({
  label,
  ports: [balancerPort, portA, portB],
  env = {},
  route,
}: {
  label: string;
  ports: readonly [number, number, number];
  env?: Record<string, string>;
  /** Which instance serves a request; read at each request, so a test may change its mind. */
  route: (request: http.IncomingMessage, instances: { a: RunningServer; b: RunningServer }) => RunningServer;
}): Promise<TwoInstances> {
  const url = `http://127.0.0.1:${balancerPort}`;
  // A key prefix of this run's own: counts from an earlier run in the same Redis do not carry over.
  const shared = { REDIS_URL: process.env.TEST_REDIS_URL!, REDIS_KEY_PREFIX: `test-${label}-${Date.now()}`, ...env };
  let dropAfter = async () => {};
  let a: RunningServer;
  let b: RunningServer;
  if (process.env.TEST_DATABASE_URL) {
    const database = `tc_${label.replace(/\W/g, "_")}_${Date.now().toString(36)}`;
    await onServer(`CREATE DATABASE "${database}"`);
    dropAfter = () => dropDatabase(database);
    const instanceEnv = {
      ...shared,
      DATABASE_URL: databaseUrlFor(database),
      AUTH_SECRET: crypto.randomBytes(32).toString("base64"),
      TOKEN_PEPPER: crypto.randomBytes(32).toString("base64"),
      NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: crypto.randomBytes(32).toString("base64"),
      PUBLIC_URL: url,
    };
    // Started together: they take turns at the migrations.
    [a, b] = await Promise.all([startServer(portA, instanceEnv), startServer(portB, instanceEnv)]);
  } else {
    const dataDir = tempDir(label);
    a = await startServer(portA, shared, { dataDir });
    b = await startServer(portB, shared, { dataDir });
  }
  const instances = { a, b };
  const balancer = http.createServer((request, response) => {
    const target = new URL(route(request, instances).url);
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on("error", () => response.writeHead(502).end());
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => balancer.listen(balancerPort, "127.0.0.1", resolve));
  return {
    a,
    b,
    url,
    async stop() {
      balancer.close();
      await Promise.all([a.stop(), b.stop()]);
      await dropAfter();
    },
  };
}
