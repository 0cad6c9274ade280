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
export function searchLexemes<T extends QueryLexeme>(lexemes: T[], passages: number, max = 8): T[] {
  const known = lexemes.some((l) => l.df > 0) ? lexemes.filter((l) => l.df > 0) : lexemes;
  const rarestFirst = [...known].sort((a, b) => Math.max(a.df, 1) - Math.max(b.df, 1) || a.lexeme.localeCompare(b.lexeme));
  const selective = rarestFirst.filter((l) => Math.max(l.df, 1) <= passages / 20);
  return (selective.length ? selective : rarestFirst.slice(0, 3)).slice(0, max);
}

/** A tsquery text matching any (or all) of the given lexemes, quoted so nothing in them is syntax. */
export function lexemeQuery(lexemes: string[], operator: "|" | "&"): string {
  return lexemes.map((l) => `'${l.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`).join(` ${operator} `);
}

/**
 * Splits the match lexemes (rarest first) into those whose passages the first pass reads from the index
 * and those left to the final score. Reading is the expensive part (one heap row per passage),
 * so lexemes are read while their document frequencies together stay within `budget`; the rarest is always
 * read (the caller caps its rows). With `searchLexemes`' limits (8 lexemes, each in at most 5% of
 * passages) every lexeme is read on corpora below budget / 0.4 passages.
 */
export function splitByBudget<T extends QueryLexeme>(matchOn: T[], budget: number): { read: T[]; checked: T[] } {
  let used = 0;
  let i = 0;
  for (; i < matchOn.length; i++) {
    const df = Math.max(matchOn[i].df, 1);
    if (i > 0 && used + df > budget) break;
    used += df;
  }
  return { read: matchOn.slice(0, i), checked: matchOn.slice(i) };
}
