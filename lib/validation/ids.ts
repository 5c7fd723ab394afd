import { z } from "zod";

// The ids a request names, as every schema reads them. Each is only ever looked up, never
// trusted (the data layer scopes by it); but a byte PostgreSQL cannot compare (NUL) must not reach
// a query at all (it answers 500 there, where SQLite finds nothing), nor anything an id of ours
// never holds: what is not an id names nothing, a 4xx.

/** A row's id (a cuid, or a test's plain name): letters, digits, `_` and `-`. */
export const recordId = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\w-]+$/);

/** A WebAuthn credential's id, base64url as browsers send it (RFC 4648 §5, no padding). */
export const credentialId = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^[A-Za-z0-9_-]+$/);
