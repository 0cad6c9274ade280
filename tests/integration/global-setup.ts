import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedDb } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: string;
  }
}

// Integration tests run against the embedded database (PGlite over the wire protocol) by default, and
// against a real PostgreSQL server when TEST_DATABASE_URL is set: a fresh database is created there
// for the run and dropped afterwards.
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `arena_test_${Date.now()}_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    await migrate(url.toString());
    project.provide("databaseUrl", url.toString());
    project.provide("databaseKind", "postgresql");
    return async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    };
  }
  const embedded = await startEmbeddedDb({ dataDir: "memory://", port: 0 });
  await migrate(embedded.url);
  project.provide("databaseUrl", embedded.url);
  project.provide("databaseKind", "pglite");
  return () => embedded.stop();
}
