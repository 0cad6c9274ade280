import { chiSquareSurvival } from "./chi-square-survival";

export interface FisherResult {
  /** M = -2 Σ ln p_i; chi-square with 2k degrees of freedom when the k p-values are independent and uniform. */
  statistic: number;
  degreesOfFreedom: number;
  /** P(chi²(2k) >= M): the combined p-value. */
  pValue: number;
}

/** Fisher's method: combines independent p-values into one test. */
export function fisherCombine(pValues: readonly number[]): FisherResult {
  if (pValues.length === 0) throw new RangeError("Fisher's method needs at least one p-value");
  let statistic = 0;
  for (const p of pValues) {
    if (!(p > 0 && p <= 1)) throw new RangeError(`p-values must be in (0, 1], got ${p}`);
    statistic -= 2 * Math.log(p);
  }
  const degreesOfFreedom = 2 * pValues.length;
  return { statistic, degreesOfFreedom, pValue: chiSquareSurvival(statistic, degreesOfFreedom) };
}
