// Offline SQL from schema.prisma, using Prisma 6's migrate diff through the PGlite adapter (no native
// engine download). Usage (from the repo root):
//   node tools/prisma-diff/diff.mjs --to prisma/schema.prisma [--from old.prisma] > migration.sql
// Without --from the SQL creates the whole schema from an empty database.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const arg = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const to = arg("--to");
const from = arg("--from");
if (!to) {
  console.error("usage: diff.mjs --to schema.prisma [--from old.prisma]");
  process.exit(2);
}

const work = mkdtempSync(path.join(tmpdir(), "prisma-diff-"));
// Prisma 6 wants the classic generator and a url in the datasource block.
function toPrisma6(file, name) {
  const text = readFileSync(file, "utf8")
    .replace(/generator client \{[^}]*\}/s, 'generator client {\n  provider = "prisma-client-js"\n}')
    .replace(/datasource db \{[^}]*\}/s, 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}');
  const out = path.join(work, name);
  writeFileSync(out, text);
  return out;
}
const toFile = toPrisma6(to, "to.prisma");
const fromFile = from ? toPrisma6(from, "from.prisma") : undefined;
const stub = path.join(work, "engine-stub");
writeFileSync(stub, "#!/bin/sh\nexit 1\n", { mode: 0o755 });
writeFileSync(
  path.join(work, "prisma.config.ts"),
  `import { PGlite } from "${here}/node_modules/@electric-sql/pglite/dist/index.cjs";
import { PrismaPGlite } from "${here}/node_modules/pglite-prisma-adapter/dist/index.cjs";
export default {
  experimental: { adapter: true },
  engine: "js",
  schema: "${toFile}",
  adapter: async () => new PrismaPGlite(new PGlite("memory://")),
};
`,
);
const diffArgs = ["migrate", "diff", "--script", "--to-schema-datamodel", toFile];
diffArgs.push(...(fromFile ? ["--from-schema-datamodel", fromFile] : ["--from-empty"]));
const res = spawnSync(path.join(here, "node_modules/.bin/prisma"), diffArgs, {
  cwd: work,
  encoding: "utf8",
  env: {
    ...process.env,
    DATABASE_URL: "postgresql://unused",
    PRISMA_SCHEMA_ENGINE_BINARY: stub,
    PRISMA_QUERY_ENGINE_LIBRARY: stub,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  },
});
if (res.status !== 0) {
  process.stderr.write(res.stderr + res.stdout);
  process.exit(res.status ?? 1);
}
process.stdout.write(res.stdout);
