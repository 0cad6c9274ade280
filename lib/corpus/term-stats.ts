import type pg from "pg";

/**
 * Recomputes the corpus statistics BM25 ranking reads (lexeme document frequencies, passage count and
 * mean length) in one transaction, so a search never sees half of them.
 */
export async function refreshTermStats(pool: pg.Pool): Promise<{ lexemes: number; passages: number }> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(`DELETE FROM "LexemeStat"`);
    const inserted = await client.query(`INSERT INTO "LexemeStat" (lexeme, df) SELECT word, ndoc FROM ts_stat('SELECT tsv FROM "Passage"')`);
    const { rows } = await client.query<{ passages: number }>(
      `INSERT INTO "CorpusStat" (id, passages, "avgLength", "refreshedAt")
       SELECT 1, count(*)::int, coalesce(avg(length(tsv)), 1), now() FROM "Passage"
       ON CONFLICT (id) DO UPDATE SET passages = EXCLUDED.passages, "avgLength" = EXCLUDED."avgLength", "refreshedAt" = now()
       RETURNING passages`,
    );
    await client.query("COMMIT");
    return { lexemes: inserted.rowCount ?? 0, passages: rows[0].passages };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
