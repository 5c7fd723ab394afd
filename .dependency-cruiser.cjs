// The layers of lib/, read from the imports (`npm run layers`, and a check of `npm test`).
// Top to bottom: the guard (lib/auth) and the platform API (lib/api), then the jobs (lib/jobs),
// the data layer with its SQL (lib/dal), the infrastructure (lib/server). The vocabulary
// (lib/model.ts, lib/scopes.ts, lib/permissions.ts, lib/token-template.ts, lib/token-columns.ts, lib/validation,
// lib/ip-allowlist.ts) is read by the browser too. An import
// only ever runs down. See docs/architecture.md.
const notTests = "\\.(test|spec)\\.[cm]?tsx?$";

/** A rule: code in `from` imports nothing in `to`. */
const never = (name, comment, from, to) => ({
  name,
  comment,
  severity: "error",
  from: { path: from, pathNot: notTests },
  to: { path: to },
});

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "A circle of imports has no bottom layer: break it where it runs up.",
      severity: "error",
      from: { path: "^lib/" },
      to: { circular: true },
    },
    never(
      "infrastructure-stays-below",
      "lib/server is infrastructure: it knows nothing of the data, the guard, the API or the jobs.",
      "^lib/server/",
      "^(lib/(dal|auth|api|jobs)|app|components)/",
    ),
    never(
      "data-layer-stays-below",
      "lib/dal is called by the guard, the API and the jobs; it never calls them.",
      "^lib/dal/",
      "^(lib/(auth|api|jobs)|app|components)/",
    ),
    never(
      "jobs-stay-below",
      "A job uses the data layer and mail, not the guard or the API.",
      "^lib/jobs/",
      "^(lib/(auth|api)|app|components)/",
    ),
    never(
      "api-and-guard-apart",
      "The platform API checks tokens, the guard sessions: neither needs the other.",
      "^lib/api/",
      "^(lib/auth|app|components)/",
    ),
    never("guard-below-the-screens", "The guard serves app/; it never imports a screen.", "^lib/auth/", "^(lib/api|app|components)/"),
    never(
      "vocabulary-is-client-safe",
      "The vocabulary (lib/model.ts, lib/scopes.ts, lib/permissions.ts, lib/token-template.ts, lib/token-columns.ts, lib/validation, lib/ip-allowlist.ts) is bundled for the browser.",
      "^lib/(model|scopes|token-columns|ip-allowlist)\\.ts$|^lib/validation/",
      "^lib/(server|dal|auth|api|jobs)/",
    ),
    never(
      "only-the-data-layer-queries",
      "Only lib/dal reads or writes the database; infrastructure holds the connections.",
      "^(lib/(auth|api|jobs)|app|components)/",
      "^lib/generated/",
    ),
    never("tests-stay-out", "Shipped code imports no test helper.", "^(lib|app|components)/", "^(test|e2e)/"),
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|lib/generated|\\.next)/" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
