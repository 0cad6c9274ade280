import type { PairCounts } from "./pair-counts";

export interface WinFractionOptions {
  /**
   * `half` (default): (wins + ties / 2) / battles, the quantity Bradley-Terry models.
   * `exclude`: wins / (wins + losses), as Chatbot Arena's pairwise win-fraction chart.
   */
  ties?: "half" | "exclude";
}

/** Row model's win fraction against the column model; null where they never met (or only tied, with `exclude`). */
export function winFractionMatrix(counts: PairCounts, options: WinFractionOptions = {}): Array<Array<number | null>> {
  const K = counts.modelCount;
  const excludeTies = options.ties === "exclude";
  return Array.from({ length: K }, (_, i) =>
    Array.from({ length: K }, (_, j) => {
      if (i === j) return null;
      const wins = counts.wins[i * K + j];
      const losses = counts.wins[j * K + i];
      const ties = counts.ties[i * K + j];
      const denominator = excludeTies ? wins + losses : wins + losses + ties;
      if (denominator === 0) return null;
      return excludeTies ? wins / denominator : (wins + 0.5 * ties) / denominator;
    }),
  );
}

/** Battles (votes of any outcome) between each pair; symmetric with a zero diagonal. */
export function battleCountMatrix(counts: PairCounts): number[][] {
  const K = counts.modelCount;
  return Array.from({ length: K }, (_, i) =>
    Array.from({ length: K }, (_, j) => (i === j ? 0 : counts.wins[i * K + j] + counts.wins[j * K + i] + counts.ties[i * K + j])),
  );
}
