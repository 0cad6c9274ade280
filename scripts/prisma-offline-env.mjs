// Prisma 7's CLI downloads a native schema engine before every schema command, which fails offline.
// When no engine is installed we point it at a stub that exits 1: `prisma generate` does not need the
// engine, and `migrate` commands then fail loudly instead of pretending to succeed. With internet (an
// engine present) nothing changes. Our own runner (npm run db:migrate) applies migrations either way.
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export function prismaOfflineEnv(root = process.cwd()) {
  if (process.env.PRISMA_SCHEMA_ENGINE_BINARY) return {};
  const enginesDir = path.join(root, "node_modules", "@prisma", "engines");
  const hasEngine =
    existsSync(enginesDir) && readdirSync(enginesDir).some((f) => f.startsWith("schema-engine"));
  if (hasEngine) return {};
  const stubDir = path.join(root, "node_modules", ".cache", "prisma-offline");
  const stub = path.join(stubDir, "schema-engine-unavailable");
  if (!existsSync(stub)) {
    mkdirSync(stubDir, { recursive: true });
    writeFileSync(
      stub,
      "#!/bin/sh\necho 'Prisma schema engine is not installed (offline). Use npm run db:migrate.' >&2\nexit 1\n",
    );
    chmodSync(stub, 0o755);
  }
  return { PRISMA_SCHEMA_ENGINE_BINARY: stub };
}
