import "server-only";

// The app's logger: lib/server/logger.mjs, which the scripts share.
export { createLogger, log, redact } from "@/lib/server/logger.mjs";
