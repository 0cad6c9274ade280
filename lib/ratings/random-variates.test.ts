import { describe, expect, it } from "vitest";
import { binomial, multinomial } from "./random-variates";
import { Xoshiro128 } from "./rng";

function logFactorials(n: number): Float64Array {
  const table = new Float64Array(n + 1);
  for (let k = 1; k <= n; k++) table[k] = table[k - 1] + Math.log(k);
  return table;
}

/** Pearson χ² of `draws` Binomial(n, p) samples against the exact pmf, bins with expectation ≥ 5, tails pooled. */
function chiSquareAgainstBinomial(n: number, p: number, draws: number, seed: number): { statistic: number; degrees: number } {
  const random = Xoshiro128.seeded(seed, n);
  const observed = new Map<number, number>();
  for (let i = 0; i < draws; i++) {
    const k = binomial(random, n, p);
    observed.set(k, (observed.get(k) ?? 0) + 1);
  }
  const logFact = logFactorials(n);
  const pmf = (k: number) => Math.exp(logFact[n] - logFact[k] - logFact[n - k] + k * Math.log(p) + (n - k) * Math.log1p(-p));
  let statistic = 0;
  let degrees = -1;
  let pooledExpected = 0;
  let pooledObserved = 0;
  for (let k = 0; k <= n; k++) {
    const expected = draws * pmf(k);
    const seen = observed.get(k) ?? 0;
    if (expected >= 5) {
      statistic += (seen - expected) ** 2 / expected;
      degrees += 1;
    } else {
      pooledExpected += expected;
      pooledObserved += seen;
    }
  }
  if (pooledExpected > 0) {
    statistic += (pooledObserved - pooledExpected) ** 2 / Math.max(pooledExpected, 1e-300);
    degrees += 1;
  }
  return { statistic, degrees };
}

describe("binomial", () => {
  it.each([
    [20, 0.1], // inversion
    [1000, 0.004], // inversion with many trials
    [60, 0.4], // BTRD, recursive acceptance near the mode
    [5000, 0.3], // BTRD, squeeze and Stirling acceptance
    [200_000, 0.02],
    [80, 0.85], // symmetry
  ])("matches the exact Binomial(%i, %f) pmf (χ² test)", (n, p) => {
    const { statistic, degrees } = chiSquareAgainstBinomial(n, p, 100_000, 11);
    // Mean df, sd sqrt(2 df): 5 sd is far out for a correct sampler but catches a wrong one at once.
    expect(statistic).toBeLessThan(degrees + 5 * Math.sqrt(2 * degrees));
  });

  it("has the right mean and variance with a million trials", () => {
    const random = Xoshiro128.seeded(5, 5);
    const n = 1_000_000;
    const p = 0.123;
    const draws = 20_000;
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < draws; i++) {
      const k = binomial(random, n, p);
      sum += k;
      sumSquares += k * k;
    }
    const mean = sum / draws;
    const variance = sumSquares / draws - mean * mean;
    expect(Math.abs(mean - n * p)).toBeLessThan(5 * Math.sqrt((n * p * (1 - p)) / draws));
    expect(variance / (n * p * (1 - p))).toBeGreaterThan(0.95);
    expect(variance / (n * p * (1 - p))).toBeLessThan(1.05);
  });

  it("handles the edge cases and rejects bad arguments", () => {
    const random = Xoshiro128.seeded(1, 1);
    expect(binomial(random, 0, 0.5)).toBe(0);
    expect(binomial(random, 17, 0)).toBe(0);
    expect(binomial(random, 17, 1)).toBe(17);
    expect(() => binomial(random, -1, 0.5)).toThrow(RangeError);
    expect(() => binomial(random, 2.5, 0.5)).toThrow(RangeError);
    expect(() => binomial(random, 10, 1.5)).toThrow(RangeError);
  });
});

describe("multinomial", () => {
  it("keeps the total, leaves empty categories empty, and has the right means", () => {
    const random = Xoshiro128.seeded(3, 3);
    const weights = [10, 0, 30, 60, 0];
    const out = new Float64Array(weights.length);
    const sums = new Float64Array(weights.length);
    const rounds = 2000;
    const total = 1000;
    for (let r = 0; r < rounds; r++) {
      multinomial(random, total, weights, out);
      expect(out.reduce((s, x) => s + x, 0)).toBe(total);
      expect(out[1]).toBe(0);
      expect(out[4]).toBe(0);
      for (let i = 0; i < out.length; i++) sums[i] += out[i];
    }
    for (let i = 0; i < weights.length; i++) {
      const share = weights[i] / 100;
      const sd = Math.sqrt((total * share * (1 - share)) / rounds);
      expect(Math.abs(sums[i] / rounds - total * share)).toBeLessThanOrEqual(5 * sd + 1e-12);
    }
  });

  it("gives every trial to the last positive category even with inexact weights", () => {
    const random = Xoshiro128.seeded(1, 2);
    const out = new Float64Array(3);
    multinomial(random, 7, [0.1, 0.2, 0.3 - 1e-17], out);
    expect(out[0] + out[1] + out[2]).toBe(7);
    expect(() => multinomial(random, 3, [0, 0], new Float64Array(2))).toThrow(RangeError);
  });
});
