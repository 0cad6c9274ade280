/** Outcome of one vote, as stored in the database (`Vote.choice`). BOTH_BAD counts as a tie in ratings. */
export type Outcome = "A" | "B" | "TIE" | "BOTH_BAD";

/** Compact outcome codes used in typed-array vote columns. */
export const OUTCOME_CODE = { A: 0, B: 1, TIE: 2, BOTH_BAD: 3 } as const satisfies Record<Outcome, number>;
export type OutcomeCode = (typeof OUTCOME_CODE)[Outcome];

/** Score of model A for an outcome code (ties and both-bad are half a win each way). */
export const SCORE_OF_A: readonly number[] = [1, 0, 0.5, 0.5];

/**
 * One vote, or a `GROUP BY (model_a, model_b, outcome)` row when `count` is given.
 * `a` and `b` are model indices in `[0, modelCount)`.
 */
export interface VoteRecord {
  a: number;
  b: number;
  outcome: Outcome;
  count?: number;
}

/** Pre-aggregated counts for one (ordered or unordered) pair, e.g. from a `GROUP BY` in Postgres. */
export interface PairCell {
  a: number;
  b: number;
  winsA: number;
  winsB: number;
  ties: number;
  /** Counted as ties; kept apart only so callers can pass the database's categories unchanged. */
  bothBad?: number;
}

/** Votes as parallel columns (one entry per vote), the streaming-friendly input of style control and online Elo. */
export interface VoteColumns {
  modelA: Int32Array;
  modelB: Int32Array;
  /** {@link OUTCOME_CODE} values. */
  outcome: Uint8Array;
}

/** How λ (natural-log Bradley-Terry strength) maps to the displayed rating. */
export interface RatingScale {
  /** Rating points per factor `base` in odds (Elo: 400). */
  scale: number;
  /** Odds base (Elo: 10). */
  base: number;
  /** Mean rating (when no anchor is given). */
  init: number;
}

export const ELO_SCALE: RatingScale = { scale: 400, base: 10, init: 1000 };

/** Pin one model's rating instead of centring the mean on `init`. */
export interface RatingAnchor {
  model: number;
  rating: number;
}

/**
 * Why a model's rating is not (fully) determined by the data; see docs/decisions/010-ratings-prior.md.
 * - `no-battles`: the model has no votes in this input.
 * - `undefeated`: every vote it took part in was a win (the MLE is +∞).
 * - `winless`: it never won nor tied (the MLE is −∞).
 * - `separated`: it belongs to a group of models that never lost (or never won) against the main group,
 *   or was never compared with it, so its distance to the main group is set by the prior, not the data.
 */
export type RatingFlag = "no-battles" | "undefeated" | "winless" | "separated";
