import { describe, expect, it } from "vitest";
import { fitBradleyTerry } from "./bradley-terry";
import { aggregateColumns } from "./pair-counts";
import { bootstrapStyleControl } from "./style-bootstrap";
import { fitStyleControl, styleSandwichIntervals } from "./style-control";
import { normalizedDifference, normalizedDifferenceColumn, prepareStyleData, type StyleData } from "./style-features";
import { generateSyntheticBattles, type SyntheticBattles } from "./synthetic";
import { SCORE_OF_A } from "./types";

function styleData(log: SyntheticBattles, modelCount: number, models?: number[]): StyleData {
  return prepareStyleData(
    log,
    modelCount,
    [
      { name: "length", difference: normalizedDifferenceColumn(log.lengthA, log.lengthB) },
      { name: "citations", difference: normalizedDifferenceColumn(log.citationsA, log.citationsB) },
    ],
    models,
  );
}

/** Gradient of the unpenalised log-likelihood, computed naively, vote by vote. */
function naiveGradient(data: StyleData, parameters: Float64Array): Float64Array {
  const K = data.modelCount;
  const S = data.featureCount;
  const gradient = new Float64Array(K + S);
  for (let v = 0; v < data.voteCount; v++) {
    let z = parameters[data.modelA[v]] - parameters[data.modelB[v]];
    for (let s = 0; s < S; s++) z += parameters[K + s] * data.features[v * S + s];
    const residual = SCORE_OF_A[data.outcome[v]] - 1 / (1 + Math.exp(-z));
    gradient[data.modelA[v]] += residual;
    gradient[data.modelB[v]] -= residual;
    for (let s = 0; s < S; s++) gradient[K + s] += residual * data.features[v * S + s];
  }
  return gradient;
}

describe("style features", () => {
  it("computes (a − b)/(a + b + 1) and z-scores with the population sd", () => {
    expect(normalizedDifference(3, 1)).toBe(0.4);
    const log = {
      modelA: Int32Array.from([0, 1, 0, 1]),
      modelB: Int32Array.from([1, 0, 1, 0]),
      outcome: Uint8Array.from([0, 1, 2, 3]),
    };
    const data = prepareStyleData(log, 2, [
      { name: "f", difference: Float64Array.from([1, 2, 3, 4]) },
      { name: "constant", difference: Float64Array.from([5, 5, 5, 5]) },
    ]);
    expect(data.featureMeans[0]).toBe(2.5);
    expect(data.featureSds[0]).toBeCloseTo(Math.sqrt(1.25), 12);
    expect(data.features[0]).toBeCloseTo(-1.5 / Math.sqrt(1.25), 12);
    expect(data.featureSds[1]).toBe(1); // a constant feature is centred, not divided by zero
    expect(data.features[1]).toBe(0);
    expect(() => prepareStyleData(log, 2, [{ name: "short", difference: new Float64Array(3) }])).toThrow(/3 values/);
    expect(() => prepareStyleData(log, 2, [{ name: "nan", difference: Float64Array.from([0, Number.NaN, 0, 0]) }])).toThrow(/not finite/);
  });

  it("keeps only votes among the chosen models, re-indexed", () => {
    const log = {
      modelA: Int32Array.from([0, 2, 1]),
      modelB: Int32Array.from([2, 1, 0]),
      outcome: Uint8Array.from([0, 1, 2]),
    };
    const data = prepareStyleData(log, 3, [{ name: "f", difference: Float64Array.from([1, 2, 3]) }], [2, 1]);
    expect(data.voteCount).toBe(1);
    expect(Array.from(data.modelA)).toEqual([0]);
    expect(Array.from(data.modelB)).toEqual([1]);
    expect(data.featureMeans[0]).toBe(2);
  });
});

describe("fitStyleControl", () => {
  const log = generateSyntheticBattles({ models: 8, battles: 20_000, seed: 5, betaLength: 1.2, betaCitations: 0.5 });
  const data = styleData(log, 8);

  it("without a penalty solves the likelihood equations exactly", () => {
    const fit = fitStyleControl(data, { l2Penalty: 0 });
    expect(fit.converged).toBe(true);
    const gradient = naiveGradient(data, fit.parameters);
    for (const value of gradient) expect(Math.abs(value)).toBeLessThan(1e-7);
    expect(Math.abs(fit.strengths.reduce((s, x) => s + x, 0))).toBeLessThan(1e-9);
  });

  it("with the Arena penalty satisfies its own optimality condition", () => {
    const fit = fitStyleControl(data);
    const gradient = naiveGradient(data, fit.parameters);
    const logBaseSquared = Math.LN10 * Math.LN10;
    for (let i = 0; i < 8; i++) expect(Math.abs(gradient[i] - (0.5 * fit.parameters[i]) / logBaseSquared)).toBeLessThan(1e-7);
    for (let s = 0; s < 2; s++) expect(Math.abs(gradient[8 + s] - 0.5 * fit.parameters[8 + s])).toBeLessThan(1e-7);
  });

  it("recovers the generating effects: γ ≈ β·sd(d) and ratings near the truth", () => {
    const big = generateSyntheticBattles({ models: 8, battles: 200_000, seed: 8, betaLength: 1.2, betaCitations: 0.5 });
    const bigData = styleData(big, 8);
    const fit = fitStyleControl(bigData, { l2Penalty: 0 });
    expect(fit.coefficients[0] / bigData.featureSds[0]).toBeCloseTo(1.2, 1);
    expect(fit.coefficients[1] / bigData.featureSds[1]).toBeCloseTo(0.5, 1);
    for (let i = 0; i < 8; i++) expect(Math.abs(fit.ratings[i] - big.trueElo[i])).toBeLessThan(10);
    // Plain BT absorbs the verbosity effect into the ratings and misses the truth by much more.
    const plain = fitBradleyTerry(aggregateColumns(big, 8));
    const worstPlain = Math.max(...Array.from(plain.ratings, (r, i) => Math.abs(r - big.trueElo[i])));
    expect(worstPlain).toBeGreaterThan(15);
  });

  it("is invariant to swapping sides (with features negated)", () => {
    const swapped = {
      modelA: log.modelB,
      modelB: log.modelA,
      outcome: log.outcome.map((o) => (o === 0 ? 1 : o === 1 ? 0 : o)),
    };
    const swappedData = prepareStyleData(swapped, 8, [
      { name: "length", difference: normalizedDifferenceColumn(log.lengthB, log.lengthA) },
      { name: "citations", difference: normalizedDifferenceColumn(log.citationsB, log.citationsA) },
    ]);
    const original = fitStyleControl(data);
    const mirrored = fitStyleControl(swappedData);
    original.ratings.forEach((r, i) => expect(mirrored.ratings[i]).toBeCloseTo(r, 8));
    original.coefficients.forEach((c, s) => expect(mirrored.coefficients[s]).toBeCloseTo(c, 10));
  });

  it("stays finite with an undefeated model when unpenalised, and flags it", () => {
    const tiny = prepareStyleData(
      { modelA: Int32Array.from([0, 0, 1, 2, 2, 1]), modelB: Int32Array.from([1, 1, 0, 0, 1, 2]), outcome: Uint8Array.from([0, 1, 0, 0, 0, 1]) },
      3,
      [{ name: "f", difference: Float64Array.from([0.1, -0.2, 0.3, 0.1, 0, -0.1]) }],
    );
    const fit = fitStyleControl(tiny, { l2Penalty: 0 });
    expect(fit.flags[2]).toEqual(["undefeated"]);
    expect(fit.priorApplied).toBe(true);
    for (const r of fit.ratings) expect(Number.isFinite(r)).toBe(true);
    expect(() => fitStyleControl(tiny, { l2Penalty: 0, prior: { apply: "never" } })).toThrow(/does not exist/);
  });
});

describe("style-control intervals", () => {
  it("bootstrap (multinomial and Poisson) and sandwich agree, and cover the truth", () => {
    const log = generateSyntheticBattles({ models: 6, battles: 30_000, seed: 12, betaLength: 1.0, betaCitations: 0.4 });
    const data = styleData(log, 6);
    const fit = fitStyleControl(data, { l2Penalty: 0 });
    const multinomialRounds = bootstrapStyleControl(data, { l2Penalty: 0, rounds: 200, seed: 4 }, fit);
    const poissonRounds = bootstrapStyleControl(data, { l2Penalty: 0, rounds: 200, seed: 4, resampling: "poisson" }, fit);
    const sandwich = styleSandwichIntervals(data, fit, { l2Penalty: 0 });
    for (let s = 0; s < 2; s++) {
      const bootSd = Math.sqrt(multinomialRounds.coefficientVariance[s]);
      expect(Math.sqrt(sandwich.coefficientVariance[s]) / bootSd).toBeGreaterThan(0.8);
      expect(Math.sqrt(sandwich.coefficientVariance[s]) / bootSd).toBeLessThan(1.25);
      expect(Math.sqrt(poissonRounds.coefficientVariance[s]) / bootSd).toBeGreaterThan(0.8);
      expect(Math.sqrt(poissonRounds.coefficientVariance[s]) / bootSd).toBeLessThan(1.25);
    }
    for (let i = 0; i < 6; i++) {
      const bootSd = Math.sqrt(multinomialRounds.ratingVariance[i]);
      expect(Math.sqrt(sandwich.ratingVariance[i]) / bootSd).toBeGreaterThan(0.8);
      expect(Math.sqrt(sandwich.ratingVariance[i]) / bootSd).toBeLessThan(1.25);
      expect(multinomialRounds.ratingQ025[i]).toBeLessThan(fit.ratings[i]);
      expect(multinomialRounds.ratingQ975[i]).toBeGreaterThan(fit.ratings[i]);
    }
    const expectedLength = 1.0 * data.featureSds[0];
    expect(sandwich.coefficientQ025[0]).toBeLessThan(expectedLength);
    expect(sandwich.coefficientQ975[0]).toBeGreaterThan(expectedLength);
  });

  it("sandwich and bootstrap agree on anchored ratings under the Arena penalty", () => {
    const log = generateSyntheticBattles({ models: 6, battles: 30_000, seed: 13 });
    const data = styleData(log, 6);
    const anchor = { model: 2, rating: 1114 };
    const fit = fitStyleControl(data, { anchor });
    expect(fit.ratings[2]).toBe(1114);
    const sandwich = styleSandwichIntervals(data, fit, { anchor });
    const rounds = bootstrapStyleControl(data, { anchor, rounds: 200, seed: 6 }, fit);
    expect(sandwich.ratingVariance[2]).toBeLessThan(1e-9);
    expect(rounds.ratingVariance[2]).toBeLessThan(1e-9);
    for (const i of [0, 1, 3, 4, 5]) {
      const ratio = Math.sqrt(sandwich.ratingVariance[i] / rounds.ratingVariance[i]);
      expect(ratio).toBeGreaterThan(0.8);
      expect(ratio).toBeLessThan(1.25);
    }
  });

  it("sandwich intervals cover the true ratings about 95% of the time", () => {
    let covered = 0;
    let total = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const log = generateSyntheticBattles({ models: 6, battles: 3000, seed, betaLength: 1.0, betaCitations: 0.4 });
      const data = styleData(log, 6);
      const fit = fitStyleControl(data, { l2Penalty: 0 });
      const intervals = styleSandwichIntervals(data, fit, { l2Penalty: 0 });
      for (let i = 0; i < 6; i++) {
        total += 1;
        if (intervals.ratingQ025[i] <= log.trueElo[i] && log.trueElo[i] <= intervals.ratingQ975[i]) covered += 1;
      }
    }
    expect(covered / total).toBeGreaterThan(0.89);
    expect(covered / total).toBeLessThan(0.99);
  });

  it("is reproducible for a seed", () => {
    const log = generateSyntheticBattles({ models: 4, battles: 2000, seed: 2 });
    const data = styleData(log, 4);
    const first = bootstrapStyleControl(data, { rounds: 20, seed: 3 });
    const again = bootstrapStyleControl(data, { rounds: 20, seed: 3 });
    const other = bootstrapStyleControl(data, { rounds: 20, seed: 4 });
    expect(Array.from(again.coefficientSamples)).toEqual(Array.from(first.coefficientSamples));
    expect(Array.from(other.coefficientSamples)).not.toEqual(Array.from(first.coefficientSamples));
  });

  it("gives the same samples, bit for bit, when worker threads share the rounds", () => {
    const log = generateSyntheticBattles({ models: 5, battles: 20_000, seed: 5 });
    const data = styleData(log, 5);
    const fit = fitStyleControl(data);
    const alone = bootstrapStyleControl(data, { rounds: 40, seed: 9 }, fit);
    const shared = bootstrapStyleControl(data, { rounds: 40, seed: 9, threads: 3, waitForThreadsMs: 60_000 }, fit);
    expect(alone.roundsByOtherThreads).toBe(0);
    expect(shared.roundsByOtherThreads).toBeGreaterThan(0);
    expect(Array.from(shared.ratingSamples)).toEqual(Array.from(alone.ratingSamples));
    expect(Array.from(shared.coefficientSamples)).toEqual(Array.from(alone.coefficientSamples));
    expect(shared.meanIterations).toBe(alone.meanIterations);
  }, 120_000);
});
