// Generates the Prisma client (runs on npm install). Works offline: see prisma-offline-env.mjs.
import { spawnSync } from "node:child_process";
import { prismaOfflineEnv } from "./prisma-offline-env.mjs";

const result = spawnSync("npx", ["prisma", "generate"], {
  stdio: "inherit",
  env: { ...process.env, ...prismaOfflineEnv(), PRISMA_HIDE_UPDATE_MESSAGE: "1" },
});
process.exit(result.status ?? 1);
