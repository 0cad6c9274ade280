export interface ConfidenceInterval {
  q025: number;
  q975: number;
}

/**
 * Rank by confidence-interval overlap (Chatbot Arena's "rank UB"): 1 + the number of models whose lower
 * bound is above this model's upper bound. Models that cannot be told apart share a rank.
 */
export function rankByOverlap(intervals: readonly ConfidenceInterval[]): number[] {
  return intervals.map((self) => {
    let clearlyBetter = 0;
    for (const other of intervals) if (other.q025 > self.q975) clearlyBetter += 1;
    return 1 + clearlyBetter;
  });
}
