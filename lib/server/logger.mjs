// @ts-check
// Structured logs, one JSON object per line (pino), for the app and the scripts alike. Keys
// that could carry a secret are redacted at any depth, so that a careless call cannot leak a
// token or a password into the logs; pino's own `redact` option takes fixed paths, and this
// rule must hold for keys nobody listed. Each line written while a request is being served
// carries that request's id (the X-Request-Id header of its answer).
import pino from "pino";
import { env } from "./config.mjs";
import { requestStore } from "./request-store.mjs";

const REDACT = /authorization|cookie|password|token|secret|pepper|apikey/i;
// Identifiers such as tokenId are references, not secrets.
const isSensitive = (/** @type {string} */ key) => REDACT.test(key) && !/id$/i.test(key);

/**
 * @param {unknown} value
 * @returns {unknown}
 */
export function redact(value, depth = 0) {
  if (depth > 5 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, isSensitive(key) ? "[redacted]" : redact(inner, depth + 1)]));
}

/** @typedef {Record<string, unknown>} Fields */
/** @typedef {(event: string, fields?: Fields) => void} Write */

/**
 * A logger writing to `destination` (standard output by default).
 * @param {import("pino").DestinationStream} [destination]
 * @returns {{ debug: Write, info: Write, warn: Write, error: Write }}
 */
export function createLogger(destination) {
  const logger = pino(
    {
      level: env().LOG_LEVEL,
      base: undefined,
      messageKey: "event",
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: () => {
        const id = requestStore.getStore()?.id;
        return id ? { requestId: id } : {};
      },
      formatters: { level: (label) => ({ level: label }), log: (fields) => /** @type {Fields} */ (redact(fields)) },
    },
    destination,
  );
  /** @param {"debug" | "info" | "warn" | "error"} level @returns {Write} */
  const write =
    (level) =>
    (event, fields = {}) =>
      logger[level](fields, event);
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

/** @type {ReturnType<typeof createLogger> | undefined} */
let shared;
/** The process's logger, created at first use (after the environment has been read). */
export const log = {
  /** @type {Write} */ debug: (event, fields) => (shared ??= createLogger()).debug(event, fields),
  /** @type {Write} */ info: (event, fields) => (shared ??= createLogger()).info(event, fields),
  /** @type {Write} */ warn: (event, fields) => (shared ??= createLogger()).warn(event, fields),
  /** @type {Write} */ error: (event, fields) => (shared ??= createLogger()).error(event, fields),
};
