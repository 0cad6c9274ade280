import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Server-only packages that must not be bundled (PGlite ships WASM; pg has optional native bits).
  serverExternalPackages: ["@electric-sql/pglite", "pg"],
  poweredByHeader: false,
  // Next hashes the whole body of every page it serves from its cache to make an ETag (~2 ms of CPU for the
  // 180 KB leaderboard, a third of the request). Cached pages carry s-maxage for CDNs instead; API routes set
  // their own ETags. See docs/decisions/061-leaderboard-rendering.md.
  generateEtags: false,
  reactStrictMode: true,
};

export default nextConfig;
