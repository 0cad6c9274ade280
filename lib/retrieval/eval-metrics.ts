// Ranking metrics over paper ids, binary relevance (used by bench/retrieval).

export function recallAt(k: number, ranked: string[], gold: Set<string>): number {
  if (gold.size === 0) return 0;
  return ranked.slice(0, k).filter((id) => gold.has(id)).length / gold.size;
}

export function ndcgAt(k: number, ranked: string[], gold: Set<string>): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    if (gold.has(id)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(k, gold.size); i++) ideal += 1 / Math.log2(i + 2);
  return ideal ? dcg / ideal : 0;
}

export function reciprocalRank(ranked: string[], gold: Set<string>): number {
  const i = ranked.findIndex((id) => gold.has(id));
  return i < 0 ? 0 : 1 / (i + 1);
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
