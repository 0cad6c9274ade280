import { resolveScale } from "./scale";
import { SCORE_OF_A, type RatingScale, type VoteColumns } from "./types";

export interface OnlineEloOptions extends Partial<RatingScale> {
  /** Update step (default 4, as Chatbot Arena). */
  k?: number;
}

/**
 * Classic sequential Elo over votes in time order, for comparison only: it depends on the order and forgets
 * early votes, which is why the leaderboard uses the Bradley-Terry fit.
 * E_a = 1 / (1 + base^((R_b − R_a) / scale)), R_a += k·(S_a − E_a), R_b −= k·(S_a − E_a).
 */
export function onlineElo(votes: VoteColumns, modelCount: number, options: OnlineEloOptions = {}): Float64Array {
  const { scale, base, init } = resolveScale(options);
  const k = options.k ?? 4;
  if (!(k > 0)) throw new RangeError(`k must be positive, got ${k}`);
  const ratings = new Float64Array(modelCount).fill(init);
  const { modelA, modelB, outcome } = votes;
  for (let v = 0; v < modelA.length; v++) {
    const a = modelA[v];
    const b = modelB[v];
    if (!(a >= 0 && a < modelCount && b >= 0 && b < modelCount) || a === b) {
      throw new RangeError(`vote ${v}: bad model indices a=${a}, b=${b}`);
    }
    const score = SCORE_OF_A[outcome[v]];
    if (score === undefined) throw new RangeError(`vote ${v}: unknown outcome code ${outcome[v]}`);
    const expected = 1 / (1 + Math.pow(base, (ratings[b] - ratings[a]) / scale));
    const delta = k * (score - expected);
    ratings[a] += delta;
    ratings[b] -= delta;
  }
  return ratings;
}
