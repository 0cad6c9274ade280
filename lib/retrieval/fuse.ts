// Reciprocal-rank fusion: combines orders from different scorers without putting their scores on one scale.

const K = 60;

/** One fused score per item; each order lists item indices best first. */
export function reciprocalRankFusion(count: number, orders: number[][]): number[] {
  const scores = new Array<number>(count).fill(0);
  for (const order of orders) order.forEach((index, rank) => (scores[index] += 1 / (K + rank + 1)));
  return scores;
}

/** Indices sorted by score, best first; ties keep the input order. */
export function orderByScore(scores: number[]): number[] {
  return scores.map((score, index) => ({ score, index })).sort((a, b) => b.score - a.score || a.index - b.index).map((x) => x.index);
}
