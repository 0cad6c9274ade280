import { z } from "zod";
import { s2PaperSchema } from "@/lib/corpus/formats/semantic-scholar";
import type { PaperInput } from "@/lib/corpus/paper-input";
import type { UnderstoodQuery } from "../understand-query";
import { fetchJson, RemoteSearchError, type FetchJsonOptions } from "./fetch-json";
import { matchesNameFilters } from "./openalex";
import type { RemoteSearchResult, RemoteSnippet } from "./types";

// Semantic Scholar Graph API: paper relevance search (GET /graph/v1/paper/search → {total, offset, data:
// [paper]}) and, with an API key, snippet search (GET /graph/v1/snippet/search → {data: [{snippet: {text},
// score, paper: {corpusId, title, authors}}]}): abstracts plus full-text passages, as SciArena uses.

const FIELDS = "corpusId,externalIds,url,title,abstract,venue,year,publicationDate,authors,fieldsOfStudy,s2FieldsOfStudy,journal";

function yearParam(query: UnderstoodQuery): string | null {
  const { yearFrom, yearTo } = query.filters;
  if (yearFrom === undefined && yearTo === undefined) return null;
  return `${yearFrom ?? ""}-${yearTo ?? ""}`;
}

export function s2PaperSearchUrl(baseUrl: string, query: UnderstoodQuery, limit: number): string {
  const url = new URL(`${baseUrl.replace(/\/+$/, "")}/graph/v1/paper/search`);
  url.searchParams.set("query", query.keywords.length ? query.keywords.join(" ") : query.search);
  url.searchParams.set("limit", String(Math.min(100, Math.max(1, limit))));
  url.searchParams.set("fields", FIELDS);
  const year = yearParam(query);
  if (year) url.searchParams.set("year", year);
  if (query.filters.venues?.length) url.searchParams.set("venue", query.filters.venues.join(","));
  if (query.filters.fields?.length) url.searchParams.set("fieldsOfStudy", query.filters.fields.join(","));
  return url.toString();
}

export function s2SnippetSearchUrl(baseUrl: string, query: UnderstoodQuery, limit: number): string {
  const url = new URL(`${baseUrl.replace(/\/+$/, "")}/graph/v1/snippet/search`);
  url.searchParams.set("query", query.search.slice(0, 1000));
  url.searchParams.set("limit", String(Math.min(1000, Math.max(1, limit))));
  const year = yearParam(query);
  if (year) url.searchParams.set("year", year);
  if (query.filters.venues?.length) url.searchParams.set("venue", query.filters.venues.join(","));
  return url.toString();
}

export function parsePaperSearch(json: unknown): PaperInput[] {
  const parsed = z.object({ data: z.array(z.unknown()).nullish() }).passthrough().safeParse(json);
  if (!parsed.success) throw new RemoteSearchError("semanticscholar", "malformed", "answered without a data list");
  return (parsed.data.data ?? []).flatMap((p) => {
    const paper = s2PaperSchema.safeParse(p);
    return paper.success ? [paper.data] : [];
  });
}

const snippetSchema = z.object({
  snippet: z.object({ text: z.string().trim().min(1) }).passthrough(),
  score: z.number().nullish(),
  paper: z
    .object({
      corpusId: z.union([z.string(), z.number()]).transform(String),
      title: z.string().nullish(),
      authors: z.array(z.union([z.string(), z.object({ name: z.string().nullish() }).passthrough()])).nullish(),
    })
    .passthrough(),
});

export function parseSnippetSearch(json: unknown): { snippets: RemoteSnippet[]; papers: PaperInput[] } {
  const parsed = z.object({ data: z.array(z.unknown()).nullish() }).passthrough().safeParse(json);
  if (!parsed.success) throw new RemoteSearchError("semanticscholar", "malformed", "snippet search answered without a data list");
  const snippets: RemoteSnippet[] = [];
  const papers = new Map<string, PaperInput>();
  for (const item of parsed.data.data ?? []) {
    const s = snippetSchema.safeParse(item);
    if (!s.success) continue;
    const externalId = `s2:${s.data.paper.corpusId}`;
    snippets.push({ externalId, text: s.data.snippet.text.replace(/\s+/g, " "), score: s.data.score ?? 0 });
    const title = s.data.paper.title?.trim();
    if (title && !papers.has(externalId)) {
      const paper = s2PaperSchema.safeParse({
        corpusId: s.data.paper.corpusId,
        title,
        authors: (s.data.paper.authors ?? []).map((a) => (typeof a === "string" ? { name: a } : a)),
      });
      if (paper.success) papers.set(externalId, paper.data);
    }
  }
  return { snippets, papers: [...papers.values()] };
}

export async function searchSemanticScholar(
  query: UnderstoodQuery,
  settings: { baseUrl: string; apiKey?: string; limit: number; snippetLimit: number } & Omit<FetchJsonOptions, "backend">,
): Promise<RemoteSearchResult> {
  const headers: Record<string, string> = settings.apiKey ? { "x-api-key": settings.apiKey } : {};
  const options = { ...settings, backend: "semanticscholar", headers };
  const paperUrl = s2PaperSearchUrl(settings.baseUrl, query, settings.limit);
  const snippetUrl = settings.apiKey ? s2SnippetSearchUrl(settings.baseUrl, query, settings.snippetLimit) : null;
  const [paperJson, snippetJson] = await Promise.all([
    fetchJson(paperUrl, options),
    // Snippets add full text; the paper search alone still makes a reference list.
    snippetUrl ? fetchJson(snippetUrl, options).catch(() => null) : null,
  ]);
  const papers = parsePaperSearch(paperJson).filter((p) => matchesNameFilters(p, { authors: query.filters.authors }));
  let snippets: RemoteSnippet[] = [];
  let snippetPapers: PaperInput[] = [];
  if (snippetJson) {
    try {
      ({ snippets, papers: snippetPapers } = parseSnippetSearch(snippetJson));
    } catch {
      snippets = [];
    }
  }
  return { papers, snippetPapers, snippets, requests: snippetUrl ? [paperUrl, snippetUrl] : [paperUrl] };
}
