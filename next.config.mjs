const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Native modules, pino and pino-pretty (which must not be bundled), and prom-client (its registry is
  // shared with our server through globalThis, lib/server/metrics.mjs) load from node_modules at run time.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "@prisma/adapter-better-sqlite3", "pino", "pino-pretty", "prom-client"],
  // The dev server serves its scripts to pages opened at these hosts too, not only "localhost".
  allowedDevOrigins: ["127.0.0.1", "localhost", "[::1]"],
  experimental: {
    // proxy.ts reads a page POST's body to check it (lib/server/page-posts/check.ts refuses over
    // 1 MB); past this Next.js would hand it a truncated copy.
    proxyClientMaxBodySize: "2mb",
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
