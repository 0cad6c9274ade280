import type pg from "pg";
import { buildReferences, type PaperMeta, type ScoredPassage } from "./build-references";
import { containsPattern, hasFilters, type RetrievalFilters } from "./filters";
import type { RetrievalResult } from "./types";
import { understandQueryByRules, type UnderstoodQuery } from "./understand-query";

export interface LocalRetrieverOptions {
  topN: number;
  maxPassages: number;
  passagesPerPaper?: number;
  /** The rewritten query and filters; the deterministic rules are used when absent. */
  understood?: UnderstoodQuery;
}

// ts_rank_cd normalization 1 (divide by 1 + log(document length)) won the benchmark against the other
// normalizations and BM25 (docs/decisions/030-local-ranking.md).
export const RANK_NORMALIZATION = 1;

// Stage "all-terms": every term of the search query must match (precise). Stage "any-term": any keyword
// may match and ranking decides (forgiving). Lexemes come from Postgres' own English parser, so stop
// words and punctuation disappear exactly as they do in the index.
const searchSql = (normalization: number) => `
WITH q AS (
  SELECT CASE WHEN $2::boolean
    THEN plainto_tsquery('english', $1)
    ELSE (SELECT string_agg(quote_literal(lexeme), ' | ')
          FROM unnest(tsvector_to_array(to_tsvector('english', $1))) AS lexeme)::tsquery
  END AS query
)
SELECT s.id AS "passageId", s."paperId", s.text, ts_rank_cd(s.tsv, q.query, ${normalization}) AS score
FROM "Passage" s JOIN "Paper" p ON p.id = s."paperId", q
WHERE q.query IS NOT NULL AND s.tsv @@ q.query
  AND ($4::int IS NULL OR p.year >= $4)
  AND ($5::int IS NULL OR p.year <= $5)
  AND ($6::text[] IS NULL OR EXISTS (
    SELECT 1 FROM unnest(p."fieldsOfStudy" || p.categories) AS f WHERE lower(f) = ANY($6::text[])))
  AND ($7::text[] IS NULL OR p.venue ILIKE ANY($7::text[]))
  AND ($8::text[] IS NULL OR EXISTS (SELECT 1 FROM unnest(p.authors) AS a WHERE a ILIKE ANY($8::text[])))
ORDER BY score DESC, s.id
LIMIT $3`;
const SEARCH_SQL = searchSql(RANK_NORMALIZATION);

function filterParams(filters: RetrievalFilters) {
  const list = (values: string[] | undefined, map: (v: string) => string) => (values?.length ? values.map(map) : null);
  return [
    filters.yearFrom ?? null,
    filters.yearTo ?? null,
    list(filters.fields, (f) => f.toLowerCase()),
    list(filters.venues, containsPattern),
    list(filters.authors, containsPattern),
  ];
}

export async function hasQueryTerms(pool: pg.Pool, text: string): Promise<boolean> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT coalesce(array_length(tsvector_to_array(to_tsvector('english', $1)), 1), 0) AS n`,
    [text],
  );
  return rows[0].n > 0;
}

/** Enough passages that de-duplication to papers can still fill the top N. */
export function candidateLimit(options: Pick<LocalRetrieverOptions, "topN" | "maxPassages">): number {
  return Math.max(options.maxPassages, options.topN * 3);
}

export interface LocalSearch {
  ranked: ScoredPassage[];
  papers: Map<number, PaperMeta>;
  queries: string[];
  filters: Record<string, unknown>;
  notice?: string;
  searchMs: number;
}

/** Ranked candidate passages from the corpus (strict, then forgiving, then without filters). */
export async function searchLocal(
  pool: pg.Pool,
  understood: UnderstoodQuery,
  limit: number,
  /** ts_rank_cd normalization bits; only the ranking benchmark changes it. */
  rankNormalization = RANK_NORMALIZATION,
): Promise<LocalSearch> {
  const sql = rankNormalization === RANK_NORMALIZATION ? SEARCH_SQL : searchSql(rankNormalization);
  const started = performance.now();
  const looseText = understood.keywords.length ? understood.keywords.join(" ") : understood.search;
  const stages: { name: string; strict: boolean; text: string; filters: RetrievalFilters }[] = [
    { name: "all-terms", strict: true, text: understood.search, filters: understood.filters },
    { name: "any-term", strict: false, text: looseText, filters: understood.filters },
  ];
  // Filters read from the question's wording may be wrong; an empty list is worse than an unfiltered one.
  if (hasFilters(understood.filters)) stages.push({ name: "any-term-unfiltered", strict: false, text: looseText, filters: {} });

  const queries: string[] = [];
  let ranked: ScoredPassage[] = [];
  let applied: RetrievalFilters = understood.filters;
  for (const stage of stages) {
    queries.push(`${stage.name}: ${stage.text}`);
    const { rows } = await pool.query<ScoredPassage>(sql, [stage.text, stage.strict, limit, ...filterParams(stage.filters)]);
    ranked = rows.map((r) => ({ ...r, score: Number(r.score) }));
    applied = stage.filters;
    const enough = stage.name === "all-terms" ? Math.min(limit, 10) : 1;
    if (ranked.length >= enough) break;
  }
  const searchMs = performance.now() - started;
  const papers = await loadPaperMeta(pool, ranked);
  const dropped = hasFilters(understood.filters) && !hasFilters(applied);
  return {
    ranked,
    papers,
    queries,
    filters: { ...applied, ...(dropped ? { dropped: understood.filters } : {}) },
    searchMs,
    ...(dropped && ranked.length ? { notice: "No paper matched the filters read from the question, so they were not applied." } : {}),
  };
}

/** The local corpus search with the first-stage ranking as the final order. */
export async function retrieveLocal(
  pool: pg.Pool,
  question: string,
  options: LocalRetrieverOptions,
): Promise<RetrievalResult> {
  const started = performance.now();
  const understood = options.understood ?? understandQueryByRules(question);
  const found = await searchLocal(pool, understood, candidateLimit(options));
  const references = buildReferences(found.ranked, found.papers, {
    topN: options.topN,
    passagesPerPaper: options.passagesPerPaper,
  });
  return {
    backend: "local",
    query: understood.search,
    queries: found.queries,
    filters: found.filters,
    references,
    timings: { searchMs: Math.round(found.searchMs), totalMs: Math.round(performance.now() - started) },
    ...(found.notice ? { notice: found.notice } : {}),
  };
}

export async function loadPaperMeta(pool: pg.Pool, ranked: { paperId: number }[]): Promise<Map<number, PaperMeta>> {
  const paperIds = [...new Set(ranked.map((r) => r.paperId))];
  const papers = new Map<number, PaperMeta>();
  if (!paperIds.length) return papers;
  const { rows } = await pool.query<PaperMeta>(
    `SELECT id AS "paperId", "externalId", title, authors, year, venue, url FROM "Paper" WHERE id = ANY($1::int[])`,
    [paperIds],
  );
  for (const row of rows) papers.set(row.paperId, row);
  return papers;
}
