import { staticSecurityHeaderRules } from "./lib/security/static-headers.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The CLI, tests and content loader share lib/ with the app; these stay as Node modules on the server.
  serverExternalPackages: ["better-sqlite3", "pg", "@prisma/client", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg"],
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tsc --noEmit) once; checking again in every build only
  // slows `npm start` and the e2e server.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
  // Security headers for API responses and static files; pages get theirs (with a CSP nonce) from proxy.ts.
  async headers() {
    return staticSecurityHeaderRules();
  },
};

export default nextConfig;
