// The token format's prefix, in plain JavaScript so that scripts/server.mjs's request checks can
// mask it before anything is compiled; lib/server/token-format.ts builds the format on it.
export const TOKEN_PREFIX = "tkc_";
