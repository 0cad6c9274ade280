import { z } from "zod";
import { fetchJson } from "../remote/fetch-json";

// A cross-encoder behind the common /rerank API: TEI ({query, texts} → [{index, score}]), Jina and
// Cohere ({query, documents, model} → {results: [{index, relevance_score}]}). One request carries both
// field names so any of them understands it.

const teiSchema = z.array(z.object({ index: z.number().int().min(0), score: z.number() }).passthrough());
const resultsSchema = z.object({
  results: z.array(z.object({ index: z.number().int().min(0), relevance_score: z.number() }).passthrough()),
});

/** Scores aligned with the texts; texts the server did not score get -Infinity. */
export function parseRerankResponse(json: unknown, count: number): number[] {
  const tei = teiSchema.safeParse(json);
  const pairs = tei.success
    ? tei.data.map((r) => [r.index, r.score] as const)
    : (() => {
        const results = resultsSchema.safeParse(json);
        if (!results.success) throw new Error("the rerank endpoint answered in an unknown shape");
        return results.data.results.map((r) => [r.index, r.relevance_score] as const);
      })();
  const scores = Array.from({ length: count }, () => Number.NEGATIVE_INFINITY);
  for (const [index, score] of pairs) if (index < count) scores[index] = score;
  return scores;
}

export function rerankRequestBody(query: string, texts: string[], model?: string) {
  return { query, texts, documents: texts, top_n: texts.length, return_documents: false, ...(model ? { model } : {}) };
}

export async function rerankOverHttp(
  query: string,
  texts: string[],
  settings: { url: string; model?: string; apiKey?: string; timeoutMs: number },
): Promise<number[]> {
  if (texts.length === 0) return [];
  const json = await fetchJson(settings.url, {
    backend: "rerank",
    method: "POST",
    body: rerankRequestBody(query, texts, settings.model),
    headers: settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {},
    timeoutMs: settings.timeoutMs,
    maxRetries: 1,
    maxRetryAfterSeconds: 2,
  });
  return parseRerankResponse(json, texts.length);
}
