import path from "node:path";
import { getEnv } from "@/lib/env";
import { embeddedUrl, isPortOpen, startEmbeddedDb, type EmbeddedDb } from "./embedded";
import { migrate } from "./migrate";

export interface ResolvedDatabase {
  url: string;
  /** Set when this process started the embedded database and must stop it on exit. */
  embedded?: EmbeddedDb;
  kind: "server" | "embedded-shared" | "embedded-owned";
}

/**
 * Finds the database for a launcher or CLI: DATABASE_URL when set; otherwise the embedded database
 * on EMBEDDED_DB_PORT, joining the one the app already serves or starting it here. Migrations are
 * applied either way, so a CLI run on a fresh checkout just works.
 */
export async function resolveDatabase(options: { log?: (line: string) => void } = {}): Promise<ResolvedDatabase> {
  const env = getEnv();
  const log = options.log ?? (() => {});
  let resolved: ResolvedDatabase;
  if (env.DATABASE_URL) {
    resolved = { url: env.DATABASE_URL, kind: "server" };
  } else if (await isPortOpen(env.EMBEDDED_DB_PORT)) {
    resolved = { url: embeddedUrl(env.EMBEDDED_DB_PORT), kind: "embedded-shared" };
    log(`using the embedded database already served on port ${env.EMBEDDED_DB_PORT}`);
  } else {
    const dataDir = path.join(env.DATA_DIR, "pglite");
    const embedded = await startEmbeddedDb({ dataDir, port: env.EMBEDDED_DB_PORT });
    resolved = { url: embedded.url, embedded, kind: "embedded-owned" };
    log(`embedded PostgreSQL (PGlite) serving ${dataDir} on port ${env.EMBEDDED_DB_PORT}`);
  }
  const result = await migrate(resolved.url, { log });
  if (result.applied.length) log(`migrations applied: ${result.applied.join(", ")}`);
  return resolved;
}
