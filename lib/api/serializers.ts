import type { TokenRow } from "@/lib/dal/tokens";
import { platformTimestamp } from "@/lib/api/responses";

/**
 * A token as the platform API shows it. The first four fields are the real platform's, with
 * its names and string types (`write` is "1" or "0"); the rest are this server's additions,
 * which existing clients ignore.
 */
export function apiKeyJson(token: TokenRow) {
  return {
    id: token.id,
    name: token.name,
    write: token.scope === "WRITE" ? "1" : "0",
    created_at: platformTimestamp(token.createdAt),
    scope: token.scope === "WRITE" ? "write" : "read_only",
    display_prefix: token.displayPrefix,
    last_used_at: token.lastUsedAt ? platformTimestamp(token.lastUsedAt) : null,
  };
}
