import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { describeSchema } from "./helpers/catalog";
import { createScratchDatabase } from "./helpers/scratch-database";

const DIFF_TOOL = path.join(process.cwd(), "tools", "prisma-diff");

describe("migrations", () => {
  let fromMigrations: Awaited<ReturnType<typeof createScratchDatabase>>;
  let fromSchema: Awaited<ReturnType<typeof createScratchDatabase>>;

  beforeAll(async () => {
    fromMigrations = await createScratchDatabase();
    fromSchema = await createScratchDatabase();
  });
  afterAll(async () => {
    await fromMigrations?.drop();
    await fromSchema?.drop();
  });

  it("records every migration in Prisma's _prisma_migrations table with its sha256 checksum", async () => {
    const first = await migrate(fromMigrations.url);
    const files = readMigrations();
    expect(first.applied).toEqual(files.map((f) => f.name));
    const second = await migrate(fromMigrations.url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(files.map((f) => f.name));

    const client = new pg.Client({ connectionString: fromMigrations.url });
    await client.connect();
    const { rows } = await client.query(
      `SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    await client.end();
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const [i, row] of rows.entries()) {
      expect(row.checksum).toBe(createHash("sha256").update(files[i].sql).digest("hex"));
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it("matches schema.prisma exactly (no drift)", async () => {
    expect(
      existsSync(path.join(DIFF_TOOL, "node_modules", ".bin", "prisma")),
      "the drift check needs its tool: npm ci --prefix tools/prisma-diff",
    ).toBe(true);
    const sql = execFileSync("node", [path.join(DIFF_TOOL, "diff.mjs"), "--to", "prisma/schema.prisma"], {
      encoding: "utf8",
    });
    expect(sql).toMatch(/CREATE TABLE "Battle"/);
    const client = new pg.Client({ connectionString: fromSchema.url });
    await client.connect();
    await client.query(sql);
    await client.end();

    await migrate(fromMigrations.url);
    const expected = await describeSchema(fromSchema.url);
    const actual = await describeSchema(fromMigrations.url);
    expect(actual.length).toBeGreaterThan(100);
    expect(actual).toEqual(expected);
  });

  it("rolls back a failing migration completely and reports it by name", async () => {
    const scratch = await createScratchDatabase();
    try {
      const dir = mkdtempSync(path.join(tmpdir(), "migrations-"));
      mkdirSync(path.join(dir, "001_ok"));
      writeFileSync(path.join(dir, "001_ok", "migration.sql"), `CREATE TABLE ok_table (id int);`);
      mkdirSync(path.join(dir, "002_broken"));
      writeFileSync(path.join(dir, "002_broken", "migration.sql"), `CREATE TABLE half (id int); SELECT no_such_function();`);
      await expect(migrate(scratch.url, { dir })).rejects.toThrow(/002_broken/);
      const client = new pg.Client({ connectionString: scratch.url });
      await client.connect();
      const tables = await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
      const recorded = await client.query(`SELECT migration_name FROM "_prisma_migrations"`);
      await client.end();
      expect(tables.rows.map((r) => r.table_name)).toEqual(["_prisma_migrations", "ok_table"]);
      expect(recorded.rows.map((r) => r.migration_name)).toEqual(["001_ok"]);
    } finally {
      await scratch.drop();
    }
  });
});
