import type pg from "pg";
import { buildReferences, type PaperMeta, type ScoredPassage } from "./build-references";
import { BM25_B, BM25_K1, idf, lexemeQuery, searchLexemes, splitByBudget, type QueryLexeme } from "./bm25";
import { containsPattern, hasFilters, type RetrievalFilters } from "./filters";
import type { RetrievalResult } from "./types";
import { DROPPED_WORDS, understandQueryByRules, type UnderstoodQuery } from "./understand-query";
import { inTransaction } from "@/lib/db/in-transaction";

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

// BM25 in two passes, one statement. First pass (cheap, term at a time): one branch per match lexeme with a
// constant tsquery, so its passages come from the GIN index without reading a tsvector (the tsvectors are
// TOASTed: testing one on a row read it again, ~25 buffers per row); a passage's rough score is the summed
// idf of the match lexemes it contains. Only the rarest match lexemes are read (`splitByBudget`); the rest
// count in the final score. The best 2×N are then scored properly: true term frequencies from the tsvector
// positions (title and text), BM25 length normalisation by the passage's token count (positions, as a
// classic BM25 counts document length) against the corpus mean (CorpusStat), plus `titleWeight` times the
// idf of the query lexemes in the paper's title (weight A), a flat stand-in for BM25F's title field.
// Stage "all-terms" needs no search of its own: a passage holding every lexeme holds every match lexeme, so
// it tops the rough order; when at least `enough` candidates hold all terms, only they are returned, ranked
// with the search text's lexemes, otherwise all candidates ranked with the keywords' lexemes ("any-term").
export const TITLE_WEIGHT = 0.3;
// Heap rows the first pass may read; each costs a random page read, which dominated on a million passages.
// Corpora below 25k passages never reach it (8 match lexemes in at most 5% of passages each).
export const FIRST_PASS_BUDGET = 10_000;
const bm25Sql = (titleWeight: number, readCount: number, filtered: boolean) => `
WITH q AS (SELECT * FROM unnest($1::text[], $2::float8[], $3::float8[]) AS q(lexeme, "idfAny", "idfAll")),
hits AS (
  SELECT h.id, h."paperId", sum(h.idf) AS rough FROM (${Array.from(
    { length: readCount },
    (_, i) =>
      `(SELECT s.id, s."paperId", ($5::float8[])[${i + 1}] AS idf FROM "Passage" s WHERE s.tsv @@ (($4::text[])[${i + 1}])::tsquery LIMIT ${FIRST_PASS_BUDGET})`,
  ).join(" UNION ALL ")}) h
  GROUP BY h.id, h."paperId"
),
candidates AS (
  SELECT h.id FROM hits h${filtered ? ` JOIN "Paper" p ON p.id = h."paperId" WHERE true ${FILTER_SQL(10)}` : ""}
  ORDER BY h.rough DESC, h.id
  LIMIT $6::int * 2
),
scored AS (
  SELECT s.id, s."paperId", s.text, ($8::text IS NOT NULL AND s.tsv @@ $8::text::tsquery) AS "allTerms", t."anyScore", t."allScore"
  FROM candidates c JOIN "Passage" s ON s.id = c.id
  CROSS JOIN LATERAL (
    SELECT coalesce(sum(q."idfAny" * x.w), 0) + ${titleWeight} * coalesce(sum(q."idfAny") FILTER (WHERE x.title), 0) AS "anyScore",
           coalesce(sum(q."idfAll" * x.w), 0) + ${titleWeight} * coalesce(sum(q."idfAll") FILTER (WHERE x.title), 0) AS "allScore"
    FROM (SELECT u.lexeme, u.tf * ${BM25_K1 + 1} / (u.tf + ${BM25_K1} * (1 - ${BM25_B} + ${BM25_B} * u.len / $7::float8)) AS w, u.title
          FROM (SELECT lexeme, coalesce(array_length(positions, 1), 1) AS tf, coalesce('A' = ANY(weights), false) AS title,
                  sum(coalesce(array_length(positions, 1), 1)) OVER () AS len FROM unnest(s.tsv)) u) x
    JOIN q ON q.lexeme = x.lexeme
  ) t
),
mode AS (SELECT count(*) FILTER (WHERE "allTerms") >= $9::int AS "allTerms" FROM scored)
SELECT s.id AS "passageId", s."paperId", s.text, CASE WHEN m."allTerms" THEN s."allScore" ELSE s."anyScore" END AS score,
  m."allTerms" AS "allTermsMode"
FROM scored s, mode m
WHERE NOT m."allTerms" OR s."allTerms"
ORDER BY score DESC, s.id
LIMIT $6::int`;
const bm25SqlCache = new Map<string, string>();
function cachedBm25Sql(titleWeight: number, readCount: number, filtered: boolean): string {
  const key = `${titleWeight}:${readCount}:${filtered}`;
  let sql = bm25SqlCache.get(key);
  if (!sql) bm25SqlCache.set(key, (sql = bm25Sql(titleWeight, readCount, filtered)));
  return sql;
}

// The lexemes of the search text and of the keywords with their document frequencies, and the corpus
// statistics, in one round trip. The any-term lexemes are the keywords' plus the search text's own, less
// the words keyword extraction drops: the keywords are split by a JavaScript pattern that differs from
// Postgres' parser ("Arp2/3" became "arp2" and "3", which no passage's index holds).
const LEXEMES_SQL = `
WITH a AS (SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('english', $1))) AS lexeme),
k AS (SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('english', $2))) AS lexeme),
dropped AS (SELECT unnest(tsvector_to_array(to_tsvector('english', $3))) AS lexeme)
SELECT coalesce(a.lexeme, k.lexeme) AS lexeme, a.lexeme IS NOT NULL AS "inSearch",
  (k.lexeme IS NOT NULL OR (a.lexeme IS NOT NULL AND NOT EXISTS (SELECT 1 FROM dropped d WHERE d.lexeme = a.lexeme))) AS "inKeywords",
  coalesce(ls.df, 0) AS df, cs.passages, cs."avgLength"
FROM a FULL JOIN k ON k.lexeme = a.lexeme
LEFT JOIN "LexemeStat" ls ON ls.lexeme = coalesce(a.lexeme, k.lexeme)
LEFT JOIN "CorpusStat" cs ON cs.id = 1
ORDER BY 1`;

interface LexemeRow extends QueryLexeme {
  inSearch: boolean;
  inKeywords: boolean;
  passages: number | null;
  avgLength: number | null;
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

/** Ranked candidate passages from the corpus (all terms, else any term; without filters when they exclude everything). */
export async function searchLocal(
  pool: pg.Pool,
  understood: UnderstoodQuery,
  limit: number,
  options: { ranking?: LocalRanking; rankNormalization?: number; titleWeight?: number } = {},
): Promise<LocalSearch> {
  const started = performance.now();
  const looseText = understood.keywords.length ? understood.keywords.join(" ") : understood.search;
  const filtered = hasFilters(understood.filters);
  const search =
    (options.ranking ?? "bm25") === "bm25"
      ? await bm25Search(pool, understood.search, looseText, limit, options.titleWeight ?? TITLE_WEIGHT)
      : tsRankSearch(pool, understood.search, looseText, limit, options.rankNormalization ?? RANK_NORMALIZATION);

  const queries: string[] = [`all-terms: ${understood.search}`];
  let found = await search(understood.filters);
  if (!found.allTerms) queries.push(`any-term: ${looseText}`);
  let applied: RetrievalFilters = understood.filters;
  // Filters read from the question's wording may be wrong; an empty list is worse than an unfiltered one.
  if (found.rows.length === 0 && filtered) {
    queries.push(`any-term-unfiltered: ${looseText}`);
    found = await search({});
    applied = {};
  }
  const ranked = found.rows.map((r) => ({ passageId: r.passageId, paperId: r.paperId, text: r.text, score: Number(r.score) }));
  const searchMs = performance.now() - started;
  const papers = await loadPaperMeta(pool, ranked);
  const dropped = filtered && !hasFilters(applied);
  return {
    ranked,
    papers,
    queries,
    filters: { ...applied, ...(dropped ? { dropped: understood.filters } : {}) },
    searchMs,
    ...(dropped && ranked.length ? { notice: "No paper matched the filters read from the question, so they were not applied." } : {}),
  };
}

type StageSearch = (filters: RetrievalFilters) => Promise<{ rows: ScoredPassage[]; allTerms: boolean }>;

// One round trip for the lexemes and statistics, then one statement per filter setting. JIT compilation
// is off for these statements: on a million passages the planner's cost estimates switched it on and it
// cost ~30 ms per query without speeding up anything.
async function bm25Search(pool: pg.Pool, searchText: string, looseText: string, limit: number, titleWeight: number): Promise<StageSearch> {
  const { rows: lexemes } = await pool.query<LexemeRow>(LEXEMES_SQL, [searchText, looseText, DROPPED_WORDS]);
  if (lexemes.length === 0) return async () => ({ rows: [], allTerms: false });
  // Never refreshed (only remote papers so far): every lexeme counts as rare, ranking is by tf alone.
  const passages = lexemes[0].passages ?? 1;
  const avgLength = lexemes[0].avgLength ?? 100;
  const strict = lexemes.filter((l) => l.inSearch);
  const loose = lexemes.some((l) => l.inKeywords) ? lexemes.filter((l) => l.inKeywords) : strict;
  const looseSet = new Set(loose);
  const { read } = splitByBudget(searchLexemes(loose, passages), FIRST_PASS_BUDGET);
  if (read.length === 0) return async () => ({ rows: [], allTerms: false });
  const quoted = (l: QueryLexeme) => lexemeQuery([l.lexeme], "|");
  const idfOf = (l: QueryLexeme) => idf(l.df, passages);
  const params = [
    lexemes.map((l) => l.lexeme),
    lexemes.map((l) => (looseSet.has(l) ? idfOf(l) : 0)),
    lexemes.map((l) => (l.inSearch ? idfOf(l) : 0)),
    read.map(quoted),
    read.map(idfOf),
    limit,
    avgLength,
    strict.length ? lexemeQuery(strict.map((l) => l.lexeme), "&") : null,
    Math.min(limit, 10),
  ];
  return async (filters) => {
    const filtered = hasFilters(filters);
    const sql = cachedBm25Sql(titleWeight, read.length, filtered);
    const { rows } = await withoutJit(pool, (client) =>
      client.query<ScoredPassage & { allTermsMode: boolean }>(sql, filtered ? [...params, ...filterParams(filters)] : params),
    );
    return { rows, allTerms: rows.length > 0 && rows[0].allTermsMode };
  };
}

function withoutJit<T>(pool: pg.Pool, run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return inTransaction(pool, run, "BEGIN READ ONLY; SET LOCAL jit = off");
}

// ts_rank_cd (benchmark only): all terms, then any term when that finds fewer than min(limit, 10).
function tsRankSearch(pool: pg.Pool, searchText: string, looseText: string, limit: number, normalization: number): StageSearch {
  const sql = normalization === RANK_NORMALIZATION ? SEARCH_SQL : searchSql(normalization);
  return async (filters) => {
    const all = await pool.query<ScoredPassage>(sql, [searchText, true, limit, ...filterParams(filters)]);
    if (all.rows.length >= Math.min(limit, 10)) return { rows: all.rows, allTerms: true };
    const any = await pool.query<ScoredPassage>(sql, [looseText, false, limit, ...filterParams(filters)]);
    return { rows: any.rows, allTerms: false };
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
