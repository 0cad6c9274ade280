import { z } from "zod";
import { retrievalFiltersSchema, type RetrievalFilters } from "./filters";
import { extractKeywords, normalizeQuestion, type UnderstoodQuery } from "./understand-query";

// The prompt and the reply check of the LLM query rewrite (as ScholarQA does it): a search query, a
// keyword query and filters. Pure: the call itself is in understand.ts.

export const REWRITE_SYSTEM = [
  "You turn a researcher's question into a literature search.",
  'Reply with JSON only: {"search_query": string, "keyword_query": string, "filters": {"year_from"?: number, "year_to"?: number, "venues"?: string[], "authors"?: string[], "fields"?: string[]}}.',
  "- search_query: the question rephrased as a short natural-language search query, without the filter phrases.",
  "- keyword_query: the 3 to 10 most specific keywords or key phrases, space-separated.",
  "- filters: only what the question explicitly asks for (publication years, venues, authors, field of study). Omit the rest.",
  "Never answer the question.",
].join("\n");

const optionalNames = z
  .array(z.string())
  .nullish()
  .transform((l) => (l ?? []).map((s) => s.trim()).filter(Boolean).slice(0, 10));

export const rewriteReplySchema = z.object({
  search_query: z.string().trim().min(1).max(2000),
  keyword_query: z.string().trim().max(2000).nullish(),
  filters: z
    .object({
      year_from: z.number().int().nullish(),
      year_to: z.number().int().nullish(),
      venues: optionalNames,
      authors: optionalNames,
      fields: optionalNames,
    })
    .nullish(),
});

export type RewriteReply = z.infer<typeof rewriteReplySchema>;

/** Checks the model's filters (plausible years, bounded lists) and builds the query; throws on nonsense. */
export function understoodFromReply(reply: RewriteReply, slug: string, now = new Date()): UnderstoodQuery {
  const f: NonNullable<RewriteReply["filters"]> = reply.filters ?? { venues: [], authors: [], fields: [] };
  const candidate: RetrievalFilters = {};
  const latest = now.getUTCFullYear() + 1;
  if (f.year_from != null && f.year_from >= 1000 && f.year_from <= latest) candidate.yearFrom = f.year_from;
  if (f.year_to != null && f.year_to >= 1000 && f.year_to <= latest) candidate.yearTo = f.year_to;
  if (f.venues?.length) candidate.venues = f.venues;
  if (f.authors?.length) candidate.authors = f.authors;
  if (f.fields?.length) candidate.fields = f.fields;
  const filters = retrievalFiltersSchema.parse(candidate);
  const search = normalizeQuestion(reply.search_query);
  const keywords = extractKeywords(`${reply.keyword_query ?? ""} ${search}`);
  if (keywords.length === 0) throw new Error("the rewrite has no searchable words");
  return { search, keywords, filters, source: `llm:${slug}` };
}
