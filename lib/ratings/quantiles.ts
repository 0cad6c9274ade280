/** Quantile of an ascending-sorted sample with linear interpolation (numpy's default, Hyndman-Fan type 7). */
export function quantileOfSorted(sorted: ArrayLike<number>, probability: number): number {
  const count = sorted.length;
  if (count === 0) return Number.NaN;
  const position = (count - 1) * probability;
  const below = Math.floor(position);
  const above = Math.min(below + 1, count - 1);
  const fraction = position - below;
  return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

/** Sample variance with Bessel's correction (n − 1), as the bootstrap variance is reported. */
export function sampleVariance(values: ArrayLike<number>): number {
  const count = values.length;
  if (count < 2) return Number.NaN;
  let mean = 0;
  for (let i = 0; i < count; i++) mean += values[i];
  mean /= count;
  let sum = 0;
  for (let i = 0; i < count; i++) sum += (values[i] - mean) ** 2;
  return sum / (count - 1);
}

export interface ColumnSummary {
  q025: Float64Array;
  median: Float64Array;
  q975: Float64Array;
  variance: Float64Array;
}

/** Per-column 2.5 / 50 / 97.5 % quantiles and variance of a row-major `rows × columns` sample matrix. */
export function summarizeColumns(samples: Float64Array, rows: number, columns: number): ColumnSummary {
  const summary: ColumnSummary = {
    q025: new Float64Array(columns),
    median: new Float64Array(columns),
    q975: new Float64Array(columns),
    variance: new Float64Array(columns),
  };
  const column = new Float64Array(rows);
  for (let j = 0; j < columns; j++) {
    for (let r = 0; r < rows; r++) column[r] = samples[r * columns + j];
    summary.variance[j] = sampleVariance(column);
    column.sort();
    summary.q025[j] = quantileOfSorted(column, 0.025);
    summary.median[j] = quantileOfSorted(column, 0.5);
    summary.q975[j] = quantileOfSorted(column, 0.975);
  }
  return summary;
}
