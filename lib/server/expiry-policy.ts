import "server-only";
import type { ExpiryPolicy } from "@/lib/model";
import { env } from "@/lib/server/config.mjs";

export function expiryPolicy(): ExpiryPolicy {
  return { defaultDays: env().TOKEN_DEFAULT_LIFETIME_DAYS, maxDays: env().TOKEN_MAX_LIFETIME_DAYS ?? null };
}
