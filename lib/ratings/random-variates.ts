import type { RandomSource } from "./rng";

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** Stirling-series remainder fc(k) = ln k! − [(k + ½) ln(k + 1) − (k + 1) + ½ ln 2π]. */
const STIRLING_REMAINDER_TABLE: Float64Array = (() => {
  const table = new Float64Array(10);
  let logFactorial = 0;
  for (let k = 0; k < 10; k++) {
    if (k > 0) logFactorial += Math.log(k);
    table[k] = logFactorial - ((k + 0.5) * Math.log(k + 1) - (k + 1) + HALF_LOG_TWO_PI);
  }
  return table;
})();

function stirlingRemainder(k: number): number {
  if (k < 10) return STIRLING_REMAINDER_TABLE[k];
  const inverse = 1 / (k + 1);
  const inverseSquared = inverse * inverse;
  return (1 / 12 - (1 / 360 - inverseSquared / 1260) * inverseSquared) * inverse;
}

/**
 * Exact Binomial(trials, probability) draw. Inversion when the mean is small; otherwise Hörmann's BTRD
 * (transformed rejection with decomposition, 1993), whose cost does not grow with `trials` — the
 * multinomial bootstrap draws binomials with millions of trials.
 */
export function binomial(random: RandomSource, trials: number, probability: number): number {
  if (!Number.isInteger(trials) || trials < 0) throw new RangeError(`trials must be a non-negative integer, got ${trials}`);
  if (!(probability >= 0 && probability <= 1)) throw new RangeError(`probability must be in [0, 1], got ${probability}`);
  if (trials === 0 || probability === 0) return 0;
  if (probability === 1) return trials;
  if (probability > 0.5) return trials - binomial(random, trials, 1 - probability);
  if (trials * probability < 10) return binomialByInversion(random, trials, probability);
  return binomialBtrd(random, trials, probability);
}

function binomialByInversion(random: RandomSource, trials: number, probability: number): number {
  const failure = 1 - probability;
  const ratio = probability / failure;
  const scaled = (trials + 1) * ratio;
  const zeroProbability = Math.pow(failure, trials);
  for (;;) {
    let u = random.nextDouble();
    let k = 0;
    let pmf = zeroProbability;
    while (u > pmf) {
      u -= pmf;
      k += 1;
      if (k > trials) break;
      pmf *= scaled / k - ratio;
    }
    if (k <= trials) return k;
  }
}

function binomialBtrd(random: RandomSource, n: number, p: number): number {
  const mode = Math.floor((n + 1) * p);
  const ratio = p / (1 - p);
  const scaledRatio = (n + 1) * ratio;
  const variance = n * p * (1 - p);
  const spread = Math.sqrt(variance);
  const b = 1.15 + 2.53 * spread;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const alpha = (2.83 + 5.1 / b) * spread;
  const vR = 0.92 - 4.2 / b;
  const urvr = 0.86 * vR;
  const hModeTerm = (mode + 0.5) * Math.log((mode + 1) / (ratio * (n - mode + 1))) + stirlingRemainder(mode) + stirlingRemainder(n - mode);

  for (;;) {
    let v = random.nextDouble();
    let u: number;
    if (v <= urvr) {
      u = v / vR - 0.43;
      return Math.floor(((2 * a) / (0.5 - Math.abs(u)) + b) * u + c);
    }
    if (v >= vR) {
      u = random.nextDouble() - 0.5;
    } else {
      u = v / vR - 0.93;
      u = Math.sign(u) * 0.5 - u;
      v = random.nextDouble() * vR;
    }
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    v = (v * alpha) / (a / (us * us) + b);
    const distance = Math.abs(k - mode);
    if (distance <= 15) {
      // Recursive evaluation of f(k) / f(mode).
      let f = 1;
      if (mode < k) {
        for (let i = mode + 1; i <= k; i++) f *= scaledRatio / i - ratio;
      } else if (mode > k) {
        for (let i = k + 1; i <= mode; i++) v *= scaledRatio / i - ratio;
      }
      if (v <= f) return k;
      continue;
    }
    v = Math.log(v);
    const rho = (distance / variance) * (((distance / 3 + 0.625) * distance + 1 / 6) / variance + 0.5);
    const t = (-distance * distance) / (2 * variance);
    if (v < t - rho) return k;
    if (v > t + rho) continue;
    const nk = n - k + 1;
    const bound =
      hModeTerm +
      (n + 1) * Math.log((n - mode + 1) / nk) +
      (k + 0.5) * Math.log((nk * ratio) / (k + 1)) -
      stirlingRemainder(k) -
      stirlingRemainder(n - k);
    if (v <= bound) return k;
  }
}

/**
 * Multinomial(total, weights / Σweights) by conditional binomials, written into `out`.
 * Cost O(categories), independent of `total`: resampling N votes over C aggregated cells this way has the
 * same distribution as drawing N votes with replacement.
 */
export function multinomial(random: RandomSource, total: number, weights: ArrayLike<number>, out: Float64Array): void {
  let remainingWeight = 0;
  let lastPositive = -1;
  for (let i = 0; i < weights.length; i++) {
    if (!(weights[i] >= 0)) throw new RangeError(`weights must be non-negative, got ${weights[i]} at ${i}`);
    remainingWeight += weights[i];
    if (weights[i] > 0) lastPositive = i;
  }
  if (lastPositive < 0 && total > 0) throw new RangeError("multinomial needs at least one positive weight");
  let remainingTrials = total;
  for (let i = 0; i < weights.length; i++) {
    if (remainingTrials === 0 || weights[i] === 0) {
      out[i] = 0;
      continue;
    }
    // The last positive category takes the rest, so rounding in the running weight cannot lose trials.
    const draw =
      i === lastPositive ? remainingTrials : binomial(random, remainingTrials, Math.min(1, weights[i] / remainingWeight));
    out[i] = draw;
    remainingTrials -= draw;
    remainingWeight -= weights[i];
  }
}
