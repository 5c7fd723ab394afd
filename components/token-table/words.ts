import type { TokenColumn } from "../../lib/token-columns";

// The headers of the token columns both listings show (components/token-table/token-columns.tsx),
// read by the end-to-end tests too. A plain module, so that Playwright can import it.
export const TOKEN_COLUMN_WORDS = {
  name: "Name",
  scope: "Access Scope",
  createdAt: "Created At",
  lastUsedAt: "Last Used",
  expiresAt: "Expires",
  action: "Action",
} as const satisfies Partial<Record<TokenColumn | "action", string>>;
