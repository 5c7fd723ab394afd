// Injected into the platform API's bundle (scripts/api.mjs) as its `Response`: @hono/node-server's
// lightweight Response, which our server writes to the socket from its string body, with no
// stream in between. Elsewhere in the process (Next.js, the pages) Response stays Node.js's own.
export const Response = globalThis[Symbol.for("token-console.light-response")] ?? globalThis.Response;
