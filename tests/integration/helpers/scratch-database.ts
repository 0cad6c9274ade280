import pg from "pg";
import { inject } from "vitest";
import { startEmbeddedDb } from "@/lib/db/embedded";

/**
 * An empty database of the same kind the suite runs on: a fresh in-memory PGlite, or a new database
 * on the PostgreSQL server of TEST_DATABASE_URL.
 */
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (inject("databaseKind") === "pglite") {
    const embedded = await startEmbeddedDb({ dataDir: "memory://", port: 0 });
    return { url: embedded.url, drop: () => embedded.stop() };
  }
  const base = new URL(inject("databaseUrl"));
  const name = `arena_scratch_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: base.toString() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
