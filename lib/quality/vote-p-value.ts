// Chatbot Arena's per-vote p-value (Chiang et al. 2024, section 5.2), made two-sided. A vote is an ordinal
// outcome h for one model pair, seen from the pair's first model: 1 it won, 0.5 tie or both bad, 0 it lost.
// Against the n other researchers' outcomes H on the same pair,
//   upper = (1 + #{H >= h}) / (n + 1)   (how unusually favourable the vote is to the first model)
//   lower = (1 + #{H <= h}) / (n + 1)   (how unusually unfavourable)
// and p = min(1, 2 min(upper, lower)). Each one-sided p is valid (P(p <= t) <= t) when the vote is exchangeable
// with the others'; doubling the smaller one keeps that for the two-sided test. See docs/decisions/071-vote-quality.md.

export type Outcome = 0 | 0.5 | 1;

/** How many other researchers' votes on the pair went each way (seen from the pair's first model). */
export interface OutcomeCounts {
  lost: number;
  tied: number;
  won: number;
}

export function countOutcomes(outcomes: readonly Outcome[]): OutcomeCounts {
  const counts = { lost: 0, tied: 0, won: 0 };
  for (const h of outcomes) counts[h === 1 ? "won" : h === 0 ? "lost" : "tied"]++;
  return counts;
}

export function votePValue(outcome: Outcome, others: OutcomeCounts): number {
  const n = others.lost + others.tied + others.won;
  const atLeast = outcome === 1 ? others.won : outcome === 0.5 ? others.tied + others.won : n;
  const atMost = outcome === 0 ? others.lost : outcome === 0.5 ? others.lost + others.tied : n;
  const upper = (1 + atLeast) / (n + 1);
  const lower = (1 + atMost) / (n + 1);
  return Math.min(1, 2 * Math.min(upper, lower));
}
