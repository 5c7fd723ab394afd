// Server-action reply bodies holding references our own clients never send (a promise, a
// server reference, a Map, a temporary reference...): refused before React decodes them. One
// list, for the unit test of the check (lib/server/page-posts/reply-references.test.ts) and the end-to-end one
// against every action (e2e/security/replies-and-paths.spec.ts).
export const REFERENCES_NEVER_SENT = [
  '["$Q1"]',
  '["$1"]',
  '["$nabc"]',
  '["$B1"]',
  '[{"then":"$1:then"}]',
  '["$@1"]',
  '["$h1"]',
  '["$T"]',
  '["$K1"]',
  '["$0:x"]',
];
