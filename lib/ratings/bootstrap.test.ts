import { describe, expect, it } from "vitest";
import { bootstrapBradleyTerry } from "./bootstrap";
import { fitBradleyTerry } from "./bradley-terry";
import { aggregate, aggregateColumns } from "./pair-counts";
import { generateSyntheticBattles } from "./synthetic";

const ELO_PER_LN = 400 / Math.LN10;

describe("bootstrapBradleyTerry", () => {
  const counts = aggregate(
    [
      { a: 0, b: 1, winsA: 120, winsB: 80, ties: 40 },
      { a: 0, b: 2, winsA: 30, winsB: 90, ties: 20 },
      { a: 1, b: 2, winsA: 55, winsB: 61, ties: 12 },
    ],
    3,
  );

  it("is reproducible for a seed and changes with the seed", () => {
    const first = bootstrapBradleyTerry(counts, { rounds: 50, seed: 9 });
    const again = bootstrapBradleyTerry(counts, { rounds: 50, seed: 9 });
    const other = bootstrapBradleyTerry(counts, { rounds: 50, seed: 10 });
    expect(Array.from(again.samples)).toEqual(Array.from(first.samples));
    expect(Array.from(other.samples)).not.toEqual(Array.from(first.samples));
  });

  it("brackets the full-data fit and keeps every round centred", () => {
    const fit = fitBradleyTerry(counts);
    const result = bootstrapBradleyTerry(counts, { rounds: 400, seed: 1 }, fit);
    for (let i = 0; i < 3; i++) {
      expect(result.q025[i]).toBeLessThan(fit.ratings[i]);
      expect(result.q975[i]).toBeGreaterThan(fit.ratings[i]);
      expect(result.variance[i]).toBeGreaterThan(0);
    }
    for (let r = 0; r < result.rounds; r++) {
      const mean = (result.samples[3 * r] + result.samples[3 * r + 1] + result.samples[3 * r + 2]) / 3;
      expect(mean).toBeCloseTo(1000, 9);
    }
    expect(result.statistics.roundsWithPrior).toBe(0);
  });

  it("reproduces the full fit exactly when every resample is the same data", () => {
    // Only ties: any redraw of the votes is all ties again, so every round must land on the full fit.
    const onlyTies = aggregate(
      [
        { a: 0, b: 1, winsA: 0, winsB: 0, ties: 30 },
        { a: 1, b: 2, winsA: 0, winsB: 0, ties: 20 },
      ],
      3,
    );
    const result = bootstrapBradleyTerry(onlyTies, { rounds: 20, seed: 5 });
    for (const value of result.samples) expect(value).toBeCloseTo(1000, 9);
    for (let i = 0; i < 3; i++) expect(result.variance[i]).toBeLessThan(1e-18);
  });

  it("starts every round from the full fit, so rounds need fewer Newton steps than a cold fit", () => {
    const fit = fitBradleyTerry(counts);
    const result = bootstrapBradleyTerry(counts, { rounds: 50, seed: 1 }, fit);
    expect(result.statistics.maxIterations).toBeLessThan(fit.iterations);
  });

  it("matches the asymptotic variance of a two-model logit", () => {
    // λ0 − λ1 = logit(p̂); Var ≈ 1 / (n p (1 − p)); each rating carries half the difference.
    const n = 4000;
    const p = 0.6;
    const twoModels = aggregate([{ a: 0, b: 1, winsA: n * p, winsB: n * (1 - p), ties: 0 }], 2);
    const result = bootstrapBradleyTerry(twoModels, { rounds: 2000, seed: 3 });
    const expected = (ELO_PER_LN / 2) ** 2 / (n * p * (1 - p));
    expect(result.variance[0] / expected).toBeGreaterThan(0.9);
    expect(result.variance[0] / expected).toBeLessThan(1.1);
    const halfWidth = (result.q975[0] - result.q025[0]) / 2;
    expect(halfWidth / (1.96 * Math.sqrt(expected))).toBeGreaterThan(0.9);
    expect(halfWidth / (1.96 * Math.sqrt(expected))).toBeLessThan(1.1);
  });

  it("keeps rounds finite when the full fit needed the prior", () => {
    const withUndefeated = aggregate(
      [
        { a: 0, b: 1, winsA: 20, winsB: 15, ties: 5 },
        { a: 2, b: 0, winsA: 3, winsB: 0, ties: 0 },
      ],
      3,
    );
    const result = bootstrapBradleyTerry(withUndefeated, { rounds: 100, seed: 2 });
    expect(result.statistics.roundsWithPrior).toBe(100);
    for (const value of result.samples) expect(Number.isFinite(value)).toBe(true);
  });

  it("reports progress and rejects fractional counts and too few rounds", () => {
    const seen: number[] = [];
    bootstrapBradleyTerry(counts, { rounds: 5, onProgress: (done) => seen.push(done) });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    const fractional = aggregate([{ a: 0, b: 1, winsA: 1.5, winsB: 1, ties: 0 }], 2);
    expect(() => bootstrapBradleyTerry(fractional, { rounds: 10 })).toThrow(/whole vote counts/);
    expect(() => bootstrapBradleyTerry(counts, { rounds: 1 })).toThrow(RangeError);
  });
});

describe("Bradley-Terry on synthetic logs with known ratings", () => {
  it("recovers the true ratings from a large log", () => {
    const log = generateSyntheticBattles({ models: 10, battles: 200_000, seed: 21, betaLength: 0, betaCitations: 0 });
    const fit = fitBradleyTerry(aggregateColumns(log, 10));
    // About 40 000 votes per model: standard errors near 2 Elo.
    for (let i = 0; i < 10; i++) expect(Math.abs(fit.ratings[i] - log.trueElo[i])).toBeLessThan(8);
  });

  it("has 95% intervals that cover the truth about 95% of the time", () => {
    let covered = 0;
    let intervals = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const log = generateSyntheticBattles({ models: 8, battles: 2000, seed, betaLength: 0, betaCitations: 0 });
      const result = bootstrapBradleyTerry(aggregateColumns(log, 8), { rounds: 200, seed });
      for (let i = 0; i < 8; i++) {
        intervals += 1;
        if (result.q025[i] <= log.trueElo[i] && log.trueElo[i] <= result.q975[i]) covered += 1;
      }
    }
    // 320 intervals: a binomial sd of ~1.2 points around 95%.
    expect(covered / intervals).toBeGreaterThan(0.9);
    expect(covered / intervals).toBeLessThan(0.99);
  });
});
