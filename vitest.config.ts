import { defineConfig } from "vitest/config";

const alias = { "@": import.meta.dirname };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.ts", "scripts/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/integration/global-setup.ts"],
          setupFiles: ["tests/integration/setup-env.ts"],
          // next-auth imports "next/server" without an extension, which Node's ESM resolver refuses; inlined,
          // Vite resolves it (the permissions test calls the real Auth.js route handlers).
          server: { deps: { inline: ["next-auth"] } },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One embedded database serves every file; files run one after another to keep PGlite's
          // single query queue predictable.
          fileParallelism: false,
        },
      },
    ],
  },
});
