// BM25 from corpus statistics (LexemeStat, CorpusStat): the idf of each query lexeme and which lexemes
// a forgiving (any-term) search should look for. The per-passage sum runs in SQL (local-retriever.ts).

export const BM25_K1 = 1.2;
export const BM25_B = 0.75;

export interface QueryLexeme {
  lexeme: string;
  /** Passages containing it; 0 when unknown (added since the statistics were refreshed). */
  df: number;
}

/** Robertson–Spärck Jones idf, never negative; an unknown lexeme counts as occurring once. */
export function idf(df: number, passages: number): number {
  const n = Math.max(passages, 1);
  const d = Math.min(Math.max(df, 1), n);
  return Math.log(1 + (n - d + 0.5) / (d + 0.5));
}

/**
 * The lexemes a forgiving search matches on (all query lexemes still count in the score): ones the corpus
 * lacks match nothing, and common ones (in more than 5% of all passages) would pull in a large share of
 * the corpus for passages that score low anyway, so they are left out unless nothing rarer remains; at
 * most `max`, rarest first. Without statistics (every df 0) all lexemes are tried.
 */
export function searchLexemes(lexemes: QueryLexeme[], passages: number, max = 8): QueryLexeme[] {
  const known = lexemes.some((l) => l.df > 0) ? lexemes.filter((l) => l.df > 0) : lexemes;
  const rarestFirst = [...known].sort((a, b) => Math.max(a.df, 1) - Math.max(b.df, 1) || a.lexeme.localeCompare(b.lexeme));
  const selective = rarestFirst.filter((l) => Math.max(l.df, 1) <= passages / 20);
  return (selective.length ? selective : rarestFirst.slice(0, 3)).slice(0, max);
}

/** A tsquery text matching any (or all) of the given lexemes, quoted so nothing in them is syntax. */
export function lexemeQuery(lexemes: string[], operator: "|" | "&"): string {
  return lexemes.map((l) => `'${l.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`).join(` ${operator} `);
}
