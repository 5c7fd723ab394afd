import "server-only";
import { apiKeyJson } from "@/lib/api/wire";
import type { TokenRow } from "@/lib/token-columns";

/** Disable's and Enable's answer: the key, its state as `key_status` (the envelope has `status`). */
export function stateAnswer(token: TokenRow, message: string) {
  const { status, ...key } = apiKeyJson(token);
  return { ...key, key_status: status, message };
}
