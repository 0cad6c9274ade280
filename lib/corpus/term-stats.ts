import type pg from "pg";
import { inTransaction } from "@/lib/db/in-transaction";

/**
 * Recomputes the corpus statistics BM25 ranking reads (lexeme document frequencies, passage count and
 * mean length in tokens, i.e. tsvector positions) in one transaction, so a search never sees half of them.
 * One `ts_stat` pass gives both the frequencies and the token total.
 */
export async function refreshTermStats(pool: pg.Pool): Promise<{ lexemes: number; passages: number }> {
  return inTransaction(pool, async (client) => {
    await client.query(`DELETE FROM "LexemeStat"`);
    const { rows: totals } = await client.query<{ lexemes: number; tokens: number }>(
      `WITH s AS (SELECT word, ndoc, nentry FROM ts_stat('SELECT tsv FROM "Passage"')),
       ins AS (INSERT INTO "LexemeStat" (lexeme, df) SELECT word, ndoc FROM s RETURNING 1)
       SELECT (SELECT count(*)::int FROM ins) AS lexemes, (SELECT coalesce(sum(nentry), 0)::float8 FROM s) AS tokens`,
    );
    const { rows } = await client.query<{ passages: number }>(
      `INSERT INTO "CorpusStat" (id, passages, "avgLength", "refreshedAt")
       SELECT 1, count(*)::int, CASE WHEN count(*) > 0 THEN greatest($1::float8 / count(*), 1) ELSE 1 END, now() FROM "Passage"
       ON CONFLICT (id) DO UPDATE SET passages = EXCLUDED.passages, "avgLength" = EXCLUDED."avgLength", "refreshedAt" = now()
       RETURNING passages`,
      [totals[0].tokens],
    );
    return { lexemes: totals[0].lexemes, passages: rows[0].passages };
  });
}
