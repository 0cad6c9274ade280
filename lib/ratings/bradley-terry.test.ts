import { describe, expect, it } from "vitest";
import { fitBradleyTerry, MleDoesNotExistError } from "./bradley-terry";
import { aggregate, comparisonMatrices } from "./pair-counts";
import type { PairCell, VoteRecord } from "./types";


function twoModels(winsOfFirst: number, winsOfSecond: number, ties = 0) {
  return aggregate([{ a: 0, b: 1, winsA: winsOfFirst, winsB: winsOfSecond, ties }], 2);
}

/** Independent check of the optimality condition S_i = Σ_j n_ij σ(λ_i − λ_j) (no prior). */
function maxScoreResidual(cells: PairCell[], modelCount: number, strengths: Float64Array): number {
  const { battles, score } = comparisonMatrices(aggregate(cells, modelCount));
  let worst = 0;
  for (let i = 0; i < modelCount; i++) {
    let residual = 0;
    for (let j = 0; j < modelCount; j++) {
      if (i === j) continue;
      residual += score[i * modelCount + j] - battles[i * modelCount + j] / (1 + Math.exp(strengths[j] - strengths[i]));
    }
    worst = Math.max(worst, Math.abs(residual));
  }
  return worst;
}

describe("fitBradleyTerry: closed forms", () => {
  it("3 wins to 1 gives λ difference ln 3, i.e. 400·log10(3) Elo, centred on 1000", () => {
    const fit = fitBradleyTerry(twoModels(3, 1));
    expect(fit.strengths[0] - fit.strengths[1]).toBeCloseTo(Math.log(3), 12);
    expect(fit.ratings[0] - fit.ratings[1]).toBeCloseTo(400 * Math.log10(3), 9);
    expect(fit.ratings[0] + fit.ratings[1]).toBeCloseTo(2000, 9);
    expect(fit.priorApplied).toBe(false);
    expect(fit.flags).toEqual([[], []]);
    expect(fit.converged).toBe(true);
  });

  it("counts a tie as half a win each way", () => {
    // score 3 + 2/2 = 4 against 1 + 2/2 = 2: odds 2
    const fit = fitBradleyTerry(twoModels(3, 1, 2));
    expect(fit.ratings[0] - fit.ratings[1]).toBeCloseTo(400 * Math.log10(2), 9);
    const balanced = fitBradleyTerry(twoModels(2, 2, 5));
    expect(balanced.ratings[0]).toBeCloseTo(1000, 9);
    const onlyTies = fitBradleyTerry(twoModels(0, 0, 3));
    expect(onlyTies.ratings[1]).toBeCloseTo(1000, 9);
  });

  it("treats both-bad exactly like a tie", () => {
    const votes: VoteRecord[] = [
      { a: 0, b: 1, outcome: "A", count: 5 },
      { a: 1, b: 0, outcome: "A", count: 2 },
      { a: 0, b: 1, outcome: "TIE", count: 3 },
    ];
    const bothBad = votes.map((v) => (v.outcome === "TIE" ? { ...v, outcome: "BOTH_BAD" as const } : v));
    expect(Array.from(fitBradleyTerry(aggregate(bothBad, 2)).ratings)).toEqual(Array.from(fitBradleyTerry(aggregate(votes, 2)).ratings));
  });

  it("honours scale, base and init: scale 1, base e gives λ itself", () => {
    const fit = fitBradleyTerry(twoModels(3, 1), { scale: 1, base: Math.E, init: 0 });
    expect(fit.ratings[0]).toBeCloseTo(Math.log(3) / 2, 12);
  });

  it("pins an anchor model and keeps the differences", () => {
    const counts = aggregate(
      [
        { a: 0, b: 1, winsA: 7, winsB: 3, ties: 1 },
        { a: 1, b: 2, winsA: 4, winsB: 4, ties: 2 },
        { a: 0, b: 2, winsA: 2, winsB: 5, ties: 0 },
      ],
      3,
    );
    const centred = fitBradleyTerry(counts);
    const anchored = fitBradleyTerry(counts, { anchor: { model: 1, rating: 1114 } });
    expect(anchored.ratings[1]).toBe(1114);
    for (const i of [0, 2]) {
      expect(anchored.ratings[i] - anchored.ratings[1]).toBeCloseTo(centred.ratings[i] - centred.ratings[1], 9);
    }
    expect(() => fitBradleyTerry(counts, { anchor: { model: 3, rating: 0 } })).toThrow(RangeError);
  });
});

describe("fitBradleyTerry: exactness and robustness", () => {
  const cells: PairCell[] = [
    { a: 0, b: 1, winsA: 120, winsB: 80, ties: 40 },
    { a: 0, b: 2, winsA: 30, winsB: 90, ties: 20 },
    { a: 1, b: 2, winsA: 55, winsB: 61, ties: 12 },
    { a: 3, b: 0, winsA: 10, winsB: 200, ties: 5 },
    { a: 3, b: 2, winsA: 1, winsB: 300, ties: 0 },
  ];

  it("solves the likelihood equations to rounding level and reports it", () => {
    const fit = fitBradleyTerry(aggregate(cells, 4));
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThan(20);
    expect(maxScoreResidual(cells, 4, fit.strengths)).toBeLessThan(1e-9);
    expect(fit.maxAbsGradient).toBeLessThan(1e-9);
    const sum = fit.strengths.reduce((s, x) => s + x, 0);
    expect(Math.abs(sum)).toBeLessThan(1e-12);
  });

  it("is invariant to which side each model was shown on", () => {
    const swapped = cells.map((c) => ({ a: c.b, b: c.a, winsA: c.winsB, winsB: c.winsA, ties: c.ties }));
    const original = fitBradleyTerry(aggregate(cells, 4)).ratings;
    const mirrored = fitBradleyTerry(aggregate(swapped, 4)).ratings;
    original.forEach((rating, i) => expect(mirrored[i]).toBeCloseTo(rating, 9));
  });

  it("converges from a bad warm start and on extreme odds", () => {
    const extreme: PairCell[] = [
      { a: 0, b: 1, winsA: 100000, winsB: 1, ties: 0 },
      { a: 1, b: 2, winsA: 100000, winsB: 1, ties: 0 },
    ];
    const fit = fitBradleyTerry(aggregate(extreme, 3), { initialStrengths: [-30, 0, 30] });
    expect(fit.converged).toBe(true);
    expect(fit.ratings[0] - fit.ratings[1]).toBeCloseTo(400 * Math.log10(100000), 6);
    expect(fit.ratings[1] - fit.ratings[2]).toBeCloseTo(400 * Math.log10(100000), 6);
  });
});

describe("fitBradleyTerry: models without a finite MLE", () => {
  const cells: PairCell[] = [
    { a: 0, b: 1, winsA: 30, winsB: 20, ties: 10 },
    { a: 1, b: 2, winsA: 25, winsB: 25, ties: 5 },
    { a: 2, b: 0, winsA: 15, winsB: 20, ties: 5 },
    { a: 3, b: 0, winsA: 6, winsB: 0, ties: 0 }, // never loses
    { a: 3, b: 1, winsA: 4, winsB: 0, ties: 0 },
    { a: 4, b: 2, winsA: 0, winsB: 3, ties: 0 }, // never wins
  ];

  it("keeps a never-losing and a never-winning model finite and flags them", () => {
    const fit = fitBradleyTerry(aggregate(cells, 5));
    expect(fit.mleExists).toBe(false);
    expect(fit.priorApplied).toBe(true);
    expect(fit.converged).toBe(true);
    expect(fit.flags).toEqual([[], [], [], ["undefeated"], ["winless"]]);
    for (const rating of fit.ratings) expect(Number.isFinite(rating)).toBe(true);
    expect(fit.ratings[3]).toBe(Math.max(...fit.ratings));
    expect(fit.ratings[4]).toBe(Math.min(...fit.ratings));
    // One virtual tie is a weak prior: 10 straight wins put the model a few hundred points up, not thousands.
    expect(fit.ratings[3] - fit.ratings[0]).toBeGreaterThan(200);
    expect(fit.ratings[3] - fit.ratings[0]).toBeLessThan(1000);
  });

  it("barely moves the others: the prior is weak", () => {
    const withOutliers = fitBradleyTerry(aggregate(cells, 5));
    const core = fitBradleyTerry(aggregate(cells.slice(0, 3), 3));
    expect(core.priorApplied).toBe(false);
    const gapWith = withOutliers.ratings[0] - withOutliers.ratings[1];
    const gapCore = core.ratings[0] - core.ratings[1];
    expect(Math.abs(gapWith - gapCore)).toBeLessThan(2);
  });

  it("refuses with apply: never, and applies the prior everywhere with apply: always", () => {
    expect(() => fitBradleyTerry(aggregate(cells, 5), { prior: { apply: "never" } })).toThrow(MleDoesNotExistError);
    const always = fitBradleyTerry(twoModels(3, 1), { prior: { apply: "always", virtualTies: 1 } });
    expect(always.priorApplied).toBe(true);
    expect(always.ratings[0] - always.ratings[1]).toBeGreaterThan(0);
    expect(always.ratings[0] - always.ratings[1]).toBeLessThan(400 * Math.log10(3)); // shrunk toward 0
    expect(() => fitBradleyTerry(twoModels(3, 1), { prior: { virtualTies: 0 } })).toThrow(RangeError);
  });

  it("gives a model without votes the centre and flags it", () => {
    const fit = fitBradleyTerry(aggregate([{ a: 0, b: 1, winsA: 3, winsB: 1, ties: 0 }], 3));
    expect(fit.flags[2]).toEqual(["no-battles"]);
    expect(fit.strengths[2]).toBeCloseTo(0, 12);
  });
});
