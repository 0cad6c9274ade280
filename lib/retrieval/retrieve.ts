import type pg from "pg";
import type { PaperInput } from "@/lib/corpus/paper-input";
import { upsertPapers } from "@/lib/corpus/upsert-papers";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { buildReferences, type PaperMeta, type ScoredPassage } from "./build-references";
import { orderByScore } from "./fuse";
import { candidateLimit, loadPaperMeta, searchLocal } from "./local-retriever";
import { searchOpenAlex } from "./remote/openalex";
import { RemoteSearchError } from "./remote/fetch-json";
import { searchSemanticScholar } from "./remote/semantic-scholar";
import type { RemoteSearchResult } from "./remote/types";
import { rerankOverHttp } from "./rerank/http-rerank";
import { fuseWithLexical } from "./rerank/fuse-lexical";
import type { RetrievalResult } from "./types";
import { understandQuestion } from "./understand";
import type { UnderstoodQuery } from "./understand-query";

export type Backend = "local" | "openalex" | "semanticscholar";

export interface FullRetrievalResult extends RetrievalResult {
  understoodBy: string;
  reranker: string;
}

const BACKEND_NAMES: Record<Backend, string> = { local: "the local corpus", openalex: "OpenAlex", semanticscholar: "Semantic Scholar" };

async function corpusHasPapers(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ has: boolean }>(`SELECT EXISTS (SELECT 1 FROM "Paper") AS has`);
  return rows[0].has;
}

/** The backend RETRIEVER names; "auto" is the local corpus when it has papers, else OpenAlex. */
export async function chooseBackend(pool: pg.Pool, setting = getEnv().RETRIEVER): Promise<Backend> {
  if (setting !== "auto") return setting;
  return (await corpusHasPapers(pool)) ? "local" : "openalex";
}

/**
 * The whole retrieval stage of a battle: understand the question, search the configured backend (remote
 * results are upserted into the corpus so citations stay resolvable), rerank, number the top N papers.
 * A failing remote backend falls back to the local corpus when allowed and possible, else it is a clear
 * 503; it never waits unboundedly.
 */
export async function retrieve(pool: pg.Pool, question: string, options: { backend?: Backend } = {}): Promise<FullRetrievalResult> {
  const env = getEnv();
  const started = performance.now();
  const timings: Record<string, number> = {};
  const understood = await understandQuestion(question);
  timings.understandMs = Math.round(performance.now() - started);
  const backend = options.backend ?? (await chooseBackend(pool));
  const limit = candidateLimit({ topN: env.RETRIEVAL_TOP_N, maxPassages: env.RETRIEVAL_MAX_PASSAGES });

  let candidates: Candidates;
  let usedBackend: Backend = backend;
  let notice: string | undefined;
  try {
    candidates = backend === "local" ? await localCandidates(pool, understood, limit) : await remoteCandidates(pool, backend, understood, timings);
  } catch (error) {
    if (!(error instanceof RemoteSearchError)) throw error;
    log.warn("remote retrieval failed", { backend, kind: error.kind, error: error.message });
    const corpusHasAny = await corpusHasPapers(pool);
    if (env.RETRIEVER_FALLBACK_LOCAL && corpusHasAny) {
      candidates = await localCandidates(pool, understood, limit);
      usedBackend = "local";
      notice = `${BACKEND_NAMES[backend]} did not answer (${describe(error)}), so the local corpus was searched instead.`;
    } else {
      const message = corpusHasAny
        ? `The literature search (${BACKEND_NAMES[backend]}) is not available right now: ${describe(error)}. Please try again in a minute.`
        : `The paper corpus is empty and ${BACKEND_NAMES[backend]} is not available right now (${describe(error)}). An operator must load papers first: npm run ingest -- <papers.jsonl>, or make a remote backend reachable (RETRIEVER).`;
      throw new AppError("unavailable", message, {
        retryAfterSeconds: error.kind === "rate_limited" ? 30 : undefined,
        cause: error,
      });
    }
  }
  timings.searchMs = Math.round(candidates.searchMs);

  const rerankStarted = performance.now();
  const reranked = await rerank(understood, candidates, usedBackend);
  timings.rerankMs = Math.round(performance.now() - rerankStarted);
  const references = buildReferences(reranked.ranked, candidates.papers, { topN: env.RETRIEVAL_TOP_N });
  timings.totalMs = Math.round(performance.now() - started);
  const notices = [notice, candidates.notice, understood.fallbackReason ? "The question could not be rewritten by the model; keyword rules were used." : undefined].filter(Boolean);
  return {
    backend: usedBackend,
    query: understood.search,
    queries: [`keywords: ${understood.keywords.join(" ")}`, ...candidates.queries],
    filters: candidates.filters,
    references,
    timings,
    understoodBy: understood.source,
    reranker: reranked.reranker,
    ...(notices.length ? { notice: notices.join(" ") } : {}),
  };
}

function describe(error: RemoteSearchError): string {
  return error.message.replace(/^[a-z]+: /, "");
}

interface Candidates {
  ranked: ScoredPassage[];
  papers: Map<number, PaperMeta>;
  queries: string[];
  filters: Record<string, unknown>;
  notice?: string;
  searchMs: number;
  /** Remote backends: the order their search engine gave (used as one vote in fusion). */
  remoteOrder?: boolean;
}

async function localCandidates(pool: pg.Pool, understood: UnderstoodQuery, limit: number): Promise<Candidates> {
  return searchLocal(pool, understood, limit);
}

async function remoteCandidates(pool: pg.Pool, backend: Exclude<Backend, "local">, understood: UnderstoodQuery, timings: Record<string, number>): Promise<Candidates> {
  const env = getEnv();
  const started = performance.now();
  const http = { timeoutMs: env.REMOTE_SEARCH_TIMEOUT_MS, maxRetries: env.REMOTE_SEARCH_MAX_RETRIES, maxRetryAfterSeconds: env.REMOTE_SEARCH_MAX_RETRY_AFTER_S };
  const found: RemoteSearchResult =
    backend === "openalex"
      ? await searchOpenAlex(understood, { ...http, baseUrl: env.OPENALEX_BASE_URL, email: env.OPENALEX_EMAIL, limit: 50 })
      : await searchSemanticScholar(understood, { ...http, baseUrl: env.S2_BASE_URL, apiKey: env.S2_API_KEY, limit: 40, snippetLimit: 40 });
  const searchMs = performance.now() - started;

  const upsertStarted = performance.now();
  const known = new Set(
    (await pool.query<{ externalId: string }>(`SELECT "externalId" FROM "Paper" WHERE "externalId" = ANY($1::text[])`, [found.snippetPapers.map((p) => p.externalId)])).rows.map((r) => r.externalId),
  );
  const paperIds = new Set(found.papers.map((p) => p.externalId));
  // Snippet-only papers carry just a title and authors: never let them overwrite a fuller record.
  const newSnippetPapers = found.snippetPapers.filter((p) => !known.has(p.externalId) && !paperIds.has(p.externalId));
  await upsertPapers(pool, dedupe([...found.papers, ...newSnippetPapers]));
  timings.upsertMs = Math.round(performance.now() - upsertStarted);

  const externalIds = [...new Set([...found.papers.map((p) => p.externalId), ...found.snippets.map((s) => s.externalId)])];
  const { rows } = await pool.query<{ passageId: number; paperId: number; text: string; externalId: string }>(
    `SELECT s.id AS "passageId", s."paperId", s.text, p."externalId"
     FROM "Passage" s JOIN "Paper" p ON p.id = s."paperId"
     WHERE p."externalId" = ANY($1::text[]) ORDER BY s."paperId", s.ordinal`,
    [externalIds],
  );
  const paperIdOf = new Map(rows.map((r) => [r.externalId, r.paperId]));
  const byExternal = new Map<string, typeof rows>();
  for (const row of rows) byExternal.set(row.externalId, [...(byExternal.get(row.externalId) ?? []), row]);
  // Remote order: the snippets (full-text passages, best first) interleaved after each paper's abstract.
  const ranked: ScoredPassage[] = [];
  const total = found.papers.length + found.snippets.length;
  found.papers.forEach((paper, i) => {
    for (const row of byExternal.get(paper.externalId) ?? []) ranked.push({ passageId: row.passageId, paperId: row.paperId, text: row.text, score: 1 - i / Math.max(total, 1) });
  });
  found.snippets.forEach((snippet, i) => {
    const paperId = paperIdOf.get(snippet.externalId);
    if (paperId !== undefined) ranked.push({ passageId: null, paperId, text: snippet.text, score: 1 - i / Math.max(total, 1) });
  });
  ranked.sort((a, b) => b.score - a.score);
  return {
    ranked,
    papers: await loadPaperMeta(pool, ranked),
    queries: found.requests.map((url) => `${backend}: ${url}`),
    filters: { ...understood.filters },
    searchMs,
    remoteOrder: true,
  };
}

function dedupe(papers: PaperInput[]): PaperInput[] {
  return [...new Map(papers.map((p) => [p.externalId, p])).values()];
}

/**
 * Orders candidates: the cross-encoder at RERANK_URL when set (falling back on failure), else lexical
 * BM25 fused with the remote engine's order for remote backends; the local ranking already is lexical.
 */
async function rerank(understood: UnderstoodQuery, candidates: Candidates, backend: Backend): Promise<{ ranked: ScoredPassage[]; reranker: string }> {
  const env = getEnv();
  const { ranked, papers } = candidates;
  if (ranked.length < 2) return { ranked, reranker: "none" };
  const title = (p: ScoredPassage) => papers.get(p.paperId)?.title ?? "";
  if (env.RERANK_URL) {
    try {
      const pool = ranked.slice(0, 100);
      const scores = await rerankOverHttp(understood.search, pool.map((p) => `${title(p)}\n${p.text}`), {
        url: env.RERANK_URL,
        model: env.RERANK_MODEL,
        apiKey: env.RERANK_API_KEY,
        timeoutMs: env.RERANK_TIMEOUT_MS,
      });
      const reordered = orderByScore(scores).map((i) => ({ ...pool[i], score: Number.isFinite(scores[i]) ? scores[i] : 0 }));
      return { ranked: [...reordered, ...ranked.slice(100)], reranker: "http" };
    } catch (error) {
      log.warn("reranking over HTTP failed; keeping the lexical order", { error: String((error as Error)?.message ?? error) });
    }
  }
  if (backend === "local" && !candidates.remoteOrder) return { ranked, reranker: "none" };
  return { ranked: fuseWithLexical(understood.keywords, ranked, title), reranker: "lexical" };
}
