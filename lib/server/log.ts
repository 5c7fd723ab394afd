import "server-only";
import pino, { type DestinationStream } from "pino";
import { env } from "@/lib/server/config.mjs";

// Structured, one JSON object per line (pino). Keys that could carry a secret are redacted at
// any depth, so that a careless call cannot leak a token or a password into the logs. pino's
// own `redact` option takes fixed paths; this rule must hold for keys nobody listed.
const REDACT = /authorization|cookie|password|token|secret|pepper|apikey/i;
// Identifiers such as tokenId are references, not secrets.
const isSensitive = (key: string) => REDACT.test(key) && !/id$/i.test(key);

type Fields = Record<string, unknown>;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 5 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, isSensitive(key) ? "[redacted]" : redact(inner, depth + 1)]));
}

/** A logger writing to `destination` (standard output by default). */
export function createLogger(destination?: DestinationStream) {
  const logger = pino(
    {
      level: env().LOG_LEVEL,
      base: undefined,
      messageKey: "event",
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }), log: (fields) => redact(fields) as Fields },
    },
    destination,
  );
  const write =
    (level: "debug" | "info" | "warn" | "error") =>
    (event: string, fields: Fields = {}) =>
      logger[level](fields, event);
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

export const log = createLogger();
