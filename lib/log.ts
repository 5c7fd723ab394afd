// Structured, one JSON object per line. Keys that could carry a secret are redacted at any
// depth, so that a careless call cannot leak a token or a password into the logs.
const REDACT = /authorization|cookie|password|token|secret|pepper|apikey/i;

// Identifiers such as tokenId are references, not secrets.
const isSensitive = (key: string) => REDACT.test(key) && !/id$/i.test(key);

type Fields = Record<string, unknown>;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 5 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, isSensitive(key) ? "[redacted]" : redact(inner, depth + 1)]),
  );
}

const LEVELS = { info: 1, warn: 2, error: 3, silent: 4 } as const;
const threshold = LEVELS[(process.env.LOG_LEVEL as keyof typeof LEVELS) ?? "info"] ?? LEVELS.info;

function write(level: "info" | "warn" | "error", event: string, fields: Fields = {}) {
  if (LEVELS[level] < threshold) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...(redact(fields) as Fields) });
  (level === "error" ? process.stderr : process.stdout).write(line + "\n");
}

export const log = {
  info: (event: string, fields?: Fields) => write("info", event, fields),
  warn: (event: string, fields?: Fields) => write("warn", event, fields),
  error: (event: string, fields?: Fields) => write("error", event, fields),
};
