// Plain JavaScript so that request-checks.mjs can mask tokens before anything is compiled.
export const TOKEN_PREFIX = "tkc_";
