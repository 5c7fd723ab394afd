// A real HTTP receiver for the webhook tests: it records every request, and answers as the test
// says (up, down with a 503, a redirect, a long answer, or no answer at all: `hold`).
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { path: string; headers: http.IncomingHttpHeaders; body: string };

export async function startReceiver() {
  const received: Received[] = [];
  let answer: { status: number; body?: string; headers?: Record<string, string>; hold?: boolean } = { status: 200, body: "ok" };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ path: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      if (answer.hold) return; // the request arrived; the answer never comes
      response.writeHead(answer.status, answer.headers ?? { "content-type": "text/plain" });
      response.end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    received,
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    port,
    answer: (next: typeof answer) => (answer = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // a held request would keep close() waiting
      }),
  };
}
