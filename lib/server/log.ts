import "server-only";

export { createLogger, log, redact } from "@/lib/server/logger.mjs";
