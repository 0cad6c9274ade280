import { battleCountMatrix, emptyPairCounts, winFractionMatrix, type PairCounts } from "@/lib/ratings";
import type { PairMatrices } from "./types";

// The heatmaps' numbers from stored pair counts, through the rating library's own matrix functions (pure).

export function toPairCounts(pairs: Pick<PairMatrices, "wins" | "ties">, limit = pairs.wins.length): PairCounts {
  const K = Math.min(limit, pairs.wins.length);
  const counts = emptyPairCounts(K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      if (i === j) continue;
      counts.wins[i * K + j] = pairs.wins[i]?.[j] ?? 0;
      counts.ties[i * K + j] = pairs.ties[i]?.[j] ?? 0;
    }
  }
  return counts;
}

/** Win fractions (ties half) and battle counts among the first `limit` models (rating order). */
export function heatmapData(pairs: PairMatrices, limit: number) {
  const counts = toPairCounts(pairs, limit);
  const names = pairs.names.slice(0, counts.modelCount);
  const battles = battleCountMatrix(counts);
  return {
    names,
    winFraction: winFractionMatrix(counts),
    battles,
    battleCells: battles.map((row, i) => row.map((value, j) => (i === j ? null : value))),
  };
}
