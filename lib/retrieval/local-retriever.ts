import type pg from "pg";
import { buildReferences, type PaperMeta, type ScoredPassage } from "./build-references";
import type { RetrievalResult } from "./types";

export interface LocalRetrieverOptions {
  topN: number;
  maxPassages: number;
  passagesPerPaper?: number;
}

// First every query term must match (precise); when that finds too few passages, any term may match
// and ranking decides (forgiving). Lexemes come from Postgres' own English parser, so stop words and
// punctuation disappear exactly as they do in the index.
const SEARCH_SQL = `
WITH q AS (
  SELECT CASE WHEN $2::boolean
    THEN plainto_tsquery('english', $1)
    ELSE (SELECT string_agg(quote_literal(lexeme), ' | ')
          FROM unnest(tsvector_to_array(to_tsvector('english', $1))) AS lexeme)::tsquery
  END AS query
)
SELECT p.id AS "passageId", p."paperId", p.text, ts_rank_cd(p.tsv, q.query, 1) AS score
FROM "Passage" p, q
WHERE q.query IS NOT NULL AND p.tsv @@ q.query
ORDER BY score DESC, p.id
LIMIT $3`;

export async function hasQueryTerms(pool: pg.Pool, text: string): Promise<boolean> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT coalesce(array_length(tsvector_to_array(to_tsvector('english', $1)), 1), 0) AS n`,
    [text],
  );
  return rows[0].n > 0;
}

export async function retrieveLocal(
  pool: pg.Pool,
  question: string,
  options: LocalRetrieverOptions,
): Promise<RetrievalResult> {
  const started = performance.now();
  const queries: string[] = [];
  let ranked: ScoredPassage[] = [];
  for (const strict of [true, false]) {
    queries.push(strict ? "all-terms" : "any-term");
    const { rows } = await pool.query<ScoredPassage>(SEARCH_SQL, [question, strict, options.maxPassages]);
    ranked = rows.map((r) => ({ ...r, score: Number(r.score) }));
    if (ranked.length >= Math.min(options.topN, 10)) break;
  }
  const searchMs = performance.now() - started;
  const paperIds = [...new Set(ranked.map((r) => r.paperId))];
  const papers = new Map<number, PaperMeta>();
  if (paperIds.length) {
    const { rows } = await pool.query<PaperMeta>(
      `SELECT id AS "paperId", "externalId", title, authors, year, venue, url FROM "Paper" WHERE id = ANY($1::int[])`,
      [paperIds],
    );
    for (const row of rows) papers.set(row.paperId, row);
  }
  const references = buildReferences(ranked, papers, {
    topN: options.topN,
    passagesPerPaper: options.passagesPerPaper,
  });
  return {
    backend: "local",
    query: question,
    queries,
    filters: {},
    references,
    timings: { searchMs: Math.round(searchMs), totalMs: Math.round(performance.now() - started) },
  };
}
