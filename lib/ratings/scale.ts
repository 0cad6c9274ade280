import { ELO_SCALE, type RatingAnchor, type RatingScale } from "./types";

export function resolveScale(partial: Partial<RatingScale> = {}): RatingScale {
  const scale = { ...ELO_SCALE, ...partial };
  if (!(scale.scale > 0) || !(scale.base > 1) || !Number.isFinite(scale.init)) {
    throw new RangeError(`invalid rating scale ${JSON.stringify(scale)}: need scale > 0, base > 1, finite init`);
  }
  return scale;
}

/** Rating points per unit of λ (natural-log strength): scale / ln(base), 173.7 for Elo. */
export function pointsPerLogOdds(scale: RatingScale): number {
  return scale.scale / Math.log(scale.base);
}

/**
 * Ratings from strengths λ: init + scale/ln(base) · (λ − mean λ), or with an anchor the anchor model at its
 * rating and the others at their distance from it. Written into `out` (defaults to a new array).
 */
export function strengthsToRatings(
  strengths: ArrayLike<number>,
  scale: RatingScale,
  anchor?: RatingAnchor,
  out: Float64Array = new Float64Array(strengths.length),
): Float64Array {
  const count = strengths.length;
  const factor = pointsPerLogOdds(scale);
  let reference: number;
  let offset: number;
  if (anchor !== undefined) {
    if (!Number.isInteger(anchor.model) || anchor.model < 0 || anchor.model >= count) {
      throw new RangeError(`anchor model ${anchor.model} is not in [0, ${count})`);
    }
    reference = strengths[anchor.model];
    offset = anchor.rating;
  } else {
    reference = 0;
    for (let i = 0; i < count; i++) reference += strengths[i];
    reference /= count;
    offset = scale.init;
  }
  for (let i = 0; i < count; i++) out[i] = offset + factor * (strengths[i] - reference);
  return out;
}
