import type { SplitMix64 } from "./random";

/** Linear-interpolation quantile (R type 7) of ascending-sorted values. */
export function quantileOfSorted(sorted: ArrayLike<number>, probability: number): number {
  if (sorted.length === 0) throw new RangeError("quantile of no values");
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

export type Interval = [low: number, high: number];

/**
 * 95% percentile-bootstrap intervals of several means over the same items: each round resamples the
 * items once (with replacement) and recomputes every mean from that one resample.
 * `columns[k][i]` is item i's value for mean k; NaN marks "not applicable" (left out of that mean).
 */
export function bootstrapMeanIntervals(columns: readonly Float64Array[], rng: SplitMix64, rounds: number): (Interval | null)[] {
  const itemCount = columns[0]?.length ?? 0;
  if (itemCount === 0) return columns.map(() => null);
  const roundMeans = columns.map(() => new Float64Array(rounds));
  const sums = new Float64Array(columns.length);
  const counts = new Float64Array(columns.length);

  for (let round = 0; round < rounds; round++) {
    sums.fill(0);
    counts.fill(0);
    for (let draw = 0; draw < itemCount; draw++) {
      const item = rng.nextInt(itemCount);
      for (let k = 0; k < columns.length; k++) {
        const value = columns[k][item];
        if (!Number.isNaN(value)) {
          sums[k] += value;
          counts[k]++;
        }
      }
    }
    for (let k = 0; k < columns.length; k++) roundMeans[k][round] = counts[k] === 0 ? NaN : sums[k] / counts[k];
  }

  return roundMeans.map((means) => {
    const defined = means.filter((mean) => !Number.isNaN(mean)).sort();
    if (defined.length === 0) return null;
    return [quantileOfSorted(defined, 0.025), quantileOfSorted(defined, 0.975)];
  });
}
