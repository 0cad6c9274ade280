// The default reranking stage: BM25 of the query keywords over the candidate passages (title + text),
// with document frequencies taken from the candidate pool itself. Cheap, deterministic, and it puts
// passages from different backends (and remote snippets) on one scale.

export interface RerankCandidate {
  title: string;
  text: string;
}

const K1 = 1.2;
const B = 0.75;

/** Lower-cased word tokens with a light plural/suffix folding, so "vaccines" meets "vaccine". */
export function lexicalTokens(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.map(fold);
}

function fold(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith("es") && /(ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

/** A BM25 score per candidate, aligned with the input. */
export function lexicalScores(keywords: string[], candidates: RerankCandidate[]): number[] {
  const terms = [...new Set(keywords.flatMap(lexicalTokens))];
  if (terms.length === 0 || candidates.length === 0) return candidates.map(() => 0);
  const docs = candidates.map((c) => {
    const counts = new Map<string, number>();
    const tokens = lexicalTokens(`${c.title} ${c.text}`);
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    return { counts, length: tokens.length };
  });
  const avgLength = docs.reduce((sum, d) => sum + d.length, 0) / docs.length || 1;
  const n = docs.length;
  const idf = new Map(
    terms.map((t) => {
      const df = docs.filter((d) => d.counts.has(t)).length;
      return [t, Math.log(1 + (n - df + 0.5) / (df + 0.5))];
    }),
  );
  return docs.map((d) =>
    terms.reduce((score, t) => {
      const tf = d.counts.get(t) ?? 0;
      if (!tf) return score;
      return score + idf.get(t)! * ((tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * d.length) / avgLength)));
    }, 0),
  );
}
