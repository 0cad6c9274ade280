import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";

// Applies prisma/migrations/<name>/migration.sql in name order and records each in Prisma's own
// `_prisma_migrations` table (same columns, checksum = sha256 of the file), so `prisma migrate deploy`
// stays usable wherever Prisma's native engine can be installed. Works offline, on PGlite and on
// PostgreSQL. Each migration runs in one transaction; a failure leaves the database as it was.

export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");
const LOCK_ID = 72707369; // the advisory lock id Prisma Migrate uses, so the two never run at once

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const CREATE_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export async function migrate(
  url: string,
  options: { dir?: string; log?: (line: string) => void } = {},
): Promise<MigrateResult> {
  const log = options.log ?? (() => {});
  const migrations = readMigrations(options.dir);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    try {
      await client.query(CREATE_TABLE);
      const { rows } = await client.query<{
        migration_name: string;
        checksum: string;
        finished_at: Date | null;
        rolled_back_at: Date | null;
      }>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`);
      const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
      if (failed) {
        throw new Error(
          `Migration ${failed.migration_name} failed earlier and was not rolled back; fix the database and mark it rolled back before migrating again.`,
        );
      }
      const done = new Map(rows.filter((r) => r.finished_at).map((r) => [r.migration_name, r.checksum]));
      const result: MigrateResult = { applied: [], alreadyApplied: [] };
      for (const m of migrations) {
        if (done.has(m.name)) {
          if (done.get(m.name) !== m.checksum) {
            log(`warning: migration ${m.name} was edited after it was applied (checksum differs)`);
          }
          result.alreadyApplied.push(m.name);
          continue;
        }
        const started = Date.now();
        await client.query("BEGIN");
        try {
          const id = randomUUID();
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
            [id, m.checksum, m.name],
          );
          await client.query(m.sql);
          await client.query(
            `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
            [id],
          );
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK").catch(() => {});
          throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`);
        }
        log(`applied ${m.name} (${Date.now() - started} ms)`);
        result.applied.push(m.name);
      }
      return result;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]).catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}
