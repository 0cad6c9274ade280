import { z } from "zod";
import { openAlexWorkSchema } from "@/lib/corpus/formats/openalex";
import type { PaperInput } from "@/lib/corpus/paper-input";
import type { RetrievalFilters } from "../filters";
import type { UnderstoodQuery } from "../understand-query";
import { fetchJson, RemoteSearchError, type FetchJsonOptions } from "./fetch-json";
import type { RemoteSearchResult } from "./types";

// OpenAlex works search (https://docs.openalex.org/api-entities/works/search-works): GET /works?search=…
// answers {meta, results: [work]}. Years go to the API's filter; venue, field and author filters are
// applied to the returned works (OpenAlex filters those by id, not by name).

const SELECT = [
  "id", "doi", "title", "display_name", "publication_year", "publication_date", "authorships",
  "primary_location", "abstract_inverted_index", "primary_topic", "ids",
].join(",");

export function openAlexSearchUrl(baseUrl: string, query: UnderstoodQuery, perPage: number, email?: string): string {
  const url = new URL(`${baseUrl.replace(/\/+$/, "")}/works`);
  url.searchParams.set("search", query.keywords.length ? query.keywords.join(" ") : query.search);
  const filters: string[] = [];
  const { yearFrom, yearTo } = query.filters;
  if (yearFrom !== undefined && yearTo !== undefined) filters.push(`publication_year:${yearFrom}-${yearTo}`);
  else if (yearFrom !== undefined) filters.push(`publication_year:>${yearFrom - 1}`);
  else if (yearTo !== undefined) filters.push(`publication_year:<${yearTo + 1}`);
  if (filters.length) url.searchParams.set("filter", filters.join(","));
  url.searchParams.set("per-page", String(Math.min(200, Math.max(1, perPage))));
  url.searchParams.set("select", SELECT);
  if (email) url.searchParams.set("mailto", email);
  return url.toString();
}

const responseSchema = z.object({ results: z.array(z.unknown()) }).passthrough();

/** Keeps papers that satisfy the name filters (the API could not apply them). */
export function matchesNameFilters(paper: PaperInput, filters: RetrievalFilters): boolean {
  const has = (values: string[], wanted: string) => values.some((v) => v.toLowerCase().includes(wanted.toLowerCase()));
  if (filters.venues?.length && !filters.venues.some((v) => paper.venue && has([paper.venue], v))) return false;
  if (filters.authors?.length && !filters.authors.some((a) => has(paper.authors, a))) return false;
  if (filters.fields?.length && !filters.fields.some((f) => [...paper.fieldsOfStudy, ...paper.categories].some((x) => x.toLowerCase() === f.toLowerCase()))) return false;
  return true;
}

export function parseOpenAlexResponse(json: unknown): PaperInput[] {
  const parsed = responseSchema.safeParse(json);
  if (!parsed.success) throw new RemoteSearchError("openalex", "malformed", "answered without a results list");
  return parsed.data.results.flatMap((work) => {
    const paper = openAlexWorkSchema.safeParse(work);
    return paper.success ? [paper.data] : [];
  });
}

export async function searchOpenAlex(
  query: UnderstoodQuery,
  settings: { baseUrl: string; email?: string; limit: number } & Omit<FetchJsonOptions, "backend">,
): Promise<RemoteSearchResult> {
  const url = openAlexSearchUrl(settings.baseUrl, query, settings.limit, settings.email);
  const papers = parseOpenAlexResponse(await fetchJson(url, { ...settings, backend: "openalex" }));
  return { papers: papers.filter((p) => matchesNameFilters(p, query.filters)), snippetPapers: [], snippets: [], requests: [url] };
}
