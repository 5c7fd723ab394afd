import type { ScopeValue } from "@/lib/validation/api-token";

export const SCOPE_LABELS: Record<ScopeValue, string> = {
  READ_ONLY: "Read-Only",
  WRITE: "Write",
};

export const SCOPE_DESCRIPTIONS: Record<ScopeValue, string> = {
  READ_ONLY: "Read access to the resources.",
  WRITE: "Create and modify resources, in addition to reading them.",
};

// The real platform's API says "write": "on" for a Write token; its clients send several spellings.
const WRITE_VALUES = new Set<unknown>(["on", "1", "yes", "true", true, 1]);
const READ_VALUES = new Set<unknown>(["off", "0", "no", "false", false, 0, undefined, null, ""]);

/**
 * The scope named by a platform-API `write` field, or null when the value is not one of the
 * accepted spellings (the caller answers 422 rather than guessing).
 */
export function scopeFromWriteFlag(value: unknown): ScopeValue | null {
  const normalised = typeof value === "string" ? value.trim().toLowerCase() : value;
  if (WRITE_VALUES.has(normalised)) return "WRITE";
  if (READ_VALUES.has(normalised)) return "READ_ONLY";
  return null;
}

/** Whether a token with `granted` may act where `required` is needed: Write includes read. */
export function scopeAllows(granted: ScopeValue, required: ScopeValue): boolean {
  return granted === "WRITE" || required === "READ_ONLY";
}
