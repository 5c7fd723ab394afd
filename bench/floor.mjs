// The floor of DESIGN.md section 7: a bare node:http server doing only the essential work of a
// token check, to measure our token-checking paths against in the same run, pinned the same
// way. Parse the Bearer header, HMAC-SHA256 it with the pepper, one prepared read by hash from
// the same kind of database (a read-only better-sqlite3 connection, or a named statement on a
// pg pool), a small JSON answer. No log line, no limits, no audit: what any check must cost.
//   node bench/floor.mjs <port> sqlite <file> | postgres <url>      (TOKEN_PEPPER from the environment)
import crypto from "node:crypto";
import http from "node:http";

const [port, kind, where] = process.argv.slice(2);
const pepper = process.env.TOKEN_PEPPER ?? "";
// The pepper as a key object, made once, as lib/server/token-format.ts makes it.
const key = crypto.createSecretKey(Buffer.from(pepper, "utf8"));
const SQL = `SELECT "id", "userId", "scope" FROM "ApiToken" WHERE "tokenHash" = `;

/** @type {(hash: string) => Promise<{ id: string, userId: string, scope: string } | undefined> | { id: string, userId: string, scope: string } | undefined} */
let lookup;
if (kind === "sqlite") {
  const { default: Database } = await import("better-sqlite3");
  const statement = new Database(where, { readonly: true, fileMustExist: true }).prepare(`${SQL}?`);
  lookup = (hash) => statement.get(hash);
} else {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: where, max: 10 });
  lookup = async (hash) => (await pool.query({ name: "floor-token-by-hash", text: `${SQL}$1`, values: [hash] })).rows[0];
}

const answer = (response, status, body) => {
  const text = JSON.stringify(body);
  response.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) }).end(text);
};

http
  .createServer(async (request, response) => {
    const match = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? "");
    if (!match) return answer(response, 401, { status: "error" });
    const hash = crypto.createHmac("sha256", key).update(match[1], "utf8").digest("hex");
    const row = await lookup(hash);
    if (!row) return answer(response, 401, { status: "error" });
    answer(response, 200, { status: "success", id: row.id, user: row.userId, scope: row.scope });
  })
  .listen(Number(port), "127.0.0.1", () => console.log(`floor listening on ${port}`));
