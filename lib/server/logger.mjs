// @ts-check
// Keys that could carry a secret are redacted at any depth, so that a careless call cannot leak
// one: pino's own `redact` takes fixed paths, and this must hold for keys nobody listed.
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

// Synchronous, so it never trails what other processes write to the terminal.
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
 * @param {import("pino").DestinationStream} [destination]
 * @returns {{ debug: Write, info: Write, warn: Write, error: Write, flush: () => Promise<unknown> }}
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
    // JSON lines go out asynchronously: before a blocking call (a build sharing stdout), wait
    // until they are out. sonic-boom's own flush cannot: flushSync writes what is queued while an
    // earlier write is still in flight (the lines then come out of order), and flush(cb) calls
    // back at once unless the stream buffers (minLength > 0). "drain" is its "all written".
    flush: () =>
      new Promise((resolve) => {
        const stream = /** @type {{ _writing?: boolean, once?: (event: string, done: () => void) => void }} */ (destination);
        if (!stream._writing || typeof stream.once !== "function") return resolve(undefined);
        // A closed standard output never drains: then give up after a moment rather than hang.
        const timer = setTimeout(resolve, 2000);
        const done = () => {
          clearTimeout(timer);
          resolve(undefined);
        };
        stream.once("drain", done);
        stream.once("error", done);
      }),
  };
}

/** @type {ReturnType<typeof createLogger> | undefined} */
let shared;
// Created at first use, after the environment has been read.
export const log = {
  /** @type {Write} */ debug: (event, fields) => (shared ??= createLogger()).debug(event, fields),
  /** @type {Write} */ info: (event, fields) => (shared ??= createLogger()).info(event, fields),
  /** @type {Write} */ warn: (event, fields) => (shared ??= createLogger()).warn(event, fields),
  /** @type {Write} */ error: (event, fields) => (shared ??= createLogger()).error(event, fields),
  /** @type {() => Promise<unknown>} */ flush: () => (shared ??= createLogger()).flush(),
};
