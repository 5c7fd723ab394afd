// ESLint (flat config): Next.js's rules (React, hooks, accessibility, Core Web Vitals) and
// typescript-eslint's, as eslint-config-next ships them. `npm run lint`; `npm test` runs it too.
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    ignores: [
      "node_modules/",
      ".next/",
      "lib/generated/",
      "test-results/",
      "playwright-report/",
      "demo-output/",
      "bench/results/",
      "next-env.d.ts",
    ],
  },
  {
    // Playwright fixtures take a parameter named `use`; these files hold no React code.
    files: ["e2e/**", "test/**", "scripts/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    rules: {
      // `_name` marks a value taken apart on purpose and dropped.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
];

export default config;
