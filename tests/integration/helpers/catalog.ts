import pg from "pg";

/** A comparable description of everything a schema defines: tables, columns, types, constraints, indexes. */
export async function describeSchema(url: string, schema = "public"): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const lines: string[] = [];
    const columns = await client.query(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length
       FROM information_schema.columns WHERE table_schema = $1 AND table_name <> '_prisma_migrations'
       ORDER BY table_name, column_name`,
      [schema],
    );
    for (const c of columns.rows) {
      lines.push(
        `column ${c.table_name}.${c.column_name} ${c.data_type}/${c.udt_name}${c.character_maximum_length ? `(${c.character_maximum_length})` : ""} ${c.is_nullable === "YES" ? "null" : "not null"} default=${c.column_default ?? "-"}`,
      );
    }
    const constraints = await client.query(
      `SELECT rel.relname AS table_name, con.conname, con.contype, pg_get_constraintdef(con.oid) AS def
       FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = rel.relnamespace
       WHERE ns.nspname = $1 AND rel.relname <> '_prisma_migrations' ORDER BY 1, 2`,
      [schema],
    );
    for (const c of constraints.rows) lines.push(`constraint ${c.table_name}.${c.conname} ${c.contype} ${c.def}`);
    const indexes = await client.query(
      `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename <> '_prisma_migrations' ORDER BY 1, 2`,
      [schema],
    );
    for (const i of indexes.rows) lines.push(`index ${i.tablename}.${i.indexname} ${i.indexdef}`);
    const enums = await client.query(
      `SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace ns ON ns.oid = t.typnamespace
       WHERE ns.nspname = $1 GROUP BY t.typname ORDER BY 1`,
      [schema],
    );
    for (const e of enums.rows) lines.push(`enum ${e.typname} ${e.labels}`);
    return lines;
  } finally {
    await client.end();
  }
}
