import type pg from "pg";
import { buildReferences, type PaperMeta, type ScoredPassage } from "./build-references";
import { BM25_B, BM25_K1, idf, lexemeQuery, searchLexemes, type QueryLexeme } from "./bm25";
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

// BM25 from corpus statistics won the ranking benchmark against ts_rank_cd (docs/decisions/030-local-ranking.md);
// ts_rank_cd stays selectable for comparison. RANK_NORMALIZATION is ts_rank_cd's normalization bits.
export type LocalRanking = "bm25" | "ts_rank_cd";
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

const FILTER_SQL = (first: number) => `
  AND ($${first}::int IS NULL OR p.year >= $${first})
  AND ($${first + 1}::int IS NULL OR p.year <= $${first + 1})
  AND ($${first + 2}::text[] IS NULL OR EXISTS (
    SELECT 1 FROM unnest(p."fieldsOfStudy" || p.categories) AS f WHERE lower(f) = ANY($${first + 2}::text[])))
  AND ($${first + 3}::text[] IS NULL OR p.venue ILIKE ANY($${first + 3}::text[]))
  AND ($${first + 4}::text[] IS NULL OR EXISTS (SELECT 1 FROM unnest(p.authors) AS a WHERE a ILIKE ANY($${first + 4}::text[])))`;

// BM25 in two passes. First, term at a time: each match lexeme is its own branch with a constant tsquery,
// so its passages come from the GIN index (a lexeme joined in from an array is not indexable and made
// Postgres read every tsvector), and a passage's rough score is the summed idf of the lexemes it contains. Then the
// best 2×N are scored properly: true term frequencies from the tsvector positions (title and text), BM25
// length normalisation against the corpus mean (CorpusStat), plus `titleWeight` times the idf of the
// query lexemes in the paper's title (weight A), a flat stand-in for BM25F's title field.
export const TITLE_WEIGHT = 0.5;
// Bounds the first pass on large corpora (a match lexeme in up to 5% of a million passages would be 50k heap
// rows); below ~100k passages no match lexeme reaches it, so rankings there are unaffected.
const MAX_HITS_PER_LEXEME = 5000;
const bm25Sql = (titleWeight: number, matchCount: number) => `
WITH q AS (SELECT * FROM unnest($1::text[], $2::float8[]) AS q(lexeme, idf)),
-- Each variant leaves some parameters unused; this names their types.
typed AS (SELECT $3::text[] AS match, $12::float8[] AS "matchIdf", $13::text AS "allTerms"),
hits AS (${
  matchCount === 0
    ? `SELECT s.id, 0::float8 AS rough FROM "Passage" s WHERE s.tsv @@ $13::text::tsquery`
    : `SELECT h.id, sum(h.idf) AS rough FROM (${Array.from(
        { length: matchCount },
        (_, i) =>
          `(SELECT s.id, ($12::float8[])[${i + 1}] AS idf FROM "Passage" s WHERE s.tsv @@ (($3::text[])[${i + 1}])::tsquery LIMIT ${MAX_HITS_PER_LEXEME})`,
      ).join(" UNION ALL ")}) h
  GROUP BY h.id`
}),
candidates AS (
  SELECT s.id, s."paperId", s.text, s.tsv
  FROM hits JOIN "Passage" s ON s.id = hits.id JOIN "Paper" p ON p.id = s."paperId"
  WHERE true ${FILTER_SQL(6)}
  ORDER BY hits.rough DESC, s.id
  LIMIT $4 * 2
)
SELECT c.id AS "passageId", c."paperId", c.text,
  (SELECT coalesce(sum(q.idf * t.tf * ${BM25_K1 + 1} / (t.tf + ${BM25_K1} * (1 - ${BM25_B} + ${BM25_B} * length(c.tsv) / $5::float8))), 0)
   FROM (SELECT u.lexeme, coalesce(array_length(u.positions, 1), 1) AS tf FROM unnest(c.tsv) AS u) t JOIN q ON q.lexeme = t.lexeme)
  + ${titleWeight} * (SELECT coalesce(sum(t.idf), 0) FROM unnest($11::text[]::tsquery[], $2::float8[]) AS t(query, idf) WHERE c.tsv @@ t.query)
  AS score
FROM candidates c
ORDER BY score DESC, c.id
LIMIT $4`;
const bm25SqlCache = new Map<string, string>();
function cachedBm25Sql(titleWeight: number, matchCount: number): string {
  const key = `${titleWeight}:${matchCount}`;
  let sql = bm25SqlCache.get(key);
  if (!sql) bm25SqlCache.set(key, (sql = bm25Sql(titleWeight, matchCount)));
  return sql;
}

const LEXEMES_SQL = `
SELECT l.lexeme, coalesce(ls.df, 0) AS df
FROM unnest(tsvector_to_array(to_tsvector('english', $1))) AS l(lexeme)
LEFT JOIN "LexemeStat" ls ON ls.lexeme = l.lexeme`;

interface CorpusStats {
  passages: number;
  avgLength: number;
}

async function corpusStats(pool: pg.Pool): Promise<CorpusStats> {
  const { rows } = await pool.query<CorpusStats>(`SELECT passages, "avgLength" FROM "CorpusStat" WHERE id = 1`);
  // Never refreshed (only remote papers so far): every lexeme counts as rare, ranking is by tf alone.
  return rows[0] ?? { passages: 1, avgLength: 60 };
}

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
  options: { ranking?: LocalRanking; rankNormalization?: number; titleWeight?: number } = {},
): Promise<LocalSearch> {
  const ranking = options.ranking ?? "bm25";
  const normalization = options.rankNormalization ?? RANK_NORMALIZATION;
  const sql = normalization === RANK_NORMALIZATION ? SEARCH_SQL : searchSql(normalization);
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
    const { rows } =
      ranking === "bm25"
        ? await bm25Stage(pool, stage.text, stage.strict, limit, stage.filters, options.titleWeight ?? TITLE_WEIGHT)
        : await pool.query<ScoredPassage>(sql, [stage.text, stage.strict, limit, ...filterParams(stage.filters)]);
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

async function bm25Stage(
  pool: pg.Pool,
  text: string,
  strict: boolean,
  limit: number,
  filters: RetrievalFilters,
  titleWeight: number,
): Promise<{ rows: ScoredPassage[] }> {
  const [{ rows: lexemes }, stats] = await Promise.all([pool.query<QueryLexeme>(LEXEMES_SQL, [text]), corpusStats(pool)]);
  if (lexemes.length === 0) return { rows: [] };
  const matchOn = strict ? lexemes : searchLexemes(lexemes, stats.passages);
  const quoted = (l: QueryLexeme) => lexemeQuery([l.lexeme], "|");
  const sql = cachedBm25Sql(titleWeight, strict ? 0 : matchOn.length);
  return pool.query<ScoredPassage>(sql, [
    lexemes.map((l) => l.lexeme),
    lexemes.map((l) => idf(l.df, stats.passages)),
    matchOn.map(quoted),
    limit,
    stats.avgLength,
    ...filterParams(filters),
    lexemes.map((l) => `${quoted(l)}:A`),
    matchOn.map((l) => idf(l.df, stats.passages)),
    strict ? lexemeQuery(lexemes.map((l) => l.lexeme), "&") : null,
  ]);
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
