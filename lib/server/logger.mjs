// @ts-check
// Structured logs, one JSON object per line (pino), for the app and the scripts alike; when
// standard output is a terminal, the same lines printed for a person to read (pino-pretty). Keys
// that could carry a secret are redacted at any depth, so that a careless call cannot leak a
// token or a password into the logs; pino's own `redact` option takes fixed paths, and this
// rule must hold for keys nobody listed. Each line written while a request is being served
// carries that request's id (the X-Request-Id header of its answer).
import pino from "pino";
import pretty from "pino-pretty";
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
 * Standard output for a person: one line per event (time, level, event, then its fields as
 * JSON), written synchronously, so it never trails output that other processes write there.
 * The fields are the ones the JSON line has, redacted the same way before they get here.
 */
export const readableStdout = () =>
  pretty({
    destination: 1,
    sync: true,
    messageKey: "event",
    singleLine: true,
    translateTime: "SYS:HH:MM:ss.l",
    // Our `error` fields are messages, not Error objects: keep them on the event's line.
    errorLikeObjectKeys: ["err"],
  });

/**
 * A logger writing to `destination`: by default standard output, as JSON lines, or readable
 * lines when it is a terminal (`npm start` in a shell; a pipe, a file or a journal gets JSON).
 * @param {import("pino").DestinationStream} [destination]
 * @returns {{ debug: Write, info: Write, warn: Write, error: Write, flush: () => void }}
 */
export function createLogger(destination = process.stdout.isTTY ? readableStdout() : pino.destination({ dest: 1, sync: false })) {
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
  return {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    // JSON lines go out asynchronously, while the event loop runs: this writes what is still
    // waiting now, before a blocking call (a build whose output shares standard output).
    flush: () => {
      const stream = /** @type {{ flushSync?: () => void }} */ (destination);
      if (typeof stream.flushSync === "function") stream.flushSync();
    },
  };
}

/** @type {ReturnType<typeof createLogger> | undefined} */
let shared;
/** The process's logger, created at first use (after the environment has been read). */
export const log = {
  /** @type {Write} */ debug: (event, fields) => (shared ??= createLogger()).debug(event, fields),
  /** @type {Write} */ info: (event, fields) => (shared ??= createLogger()).info(event, fields),
  /** @type {Write} */ warn: (event, fields) => (shared ??= createLogger()).warn(event, fields),
  /** @type {Write} */ error: (event, fields) => (shared ??= createLogger()).error(event, fields),
  /** @type {() => void} */ flush: () => (shared ??= createLogger()).flush(),
};
