import { describe, expect, it } from "vitest";
import { quantileOfSorted, sampleVariance, summarizeColumns } from "./quantiles";

describe("quantiles", () => {
  it("interpolates like numpy.quantile", () => {
    // numpy.quantile([1, 2, 4, 8, 16], [0.025, 0.5, 0.975]) -> [1.1, 4.0, 15.2]
    const sorted = [1, 2, 4, 8, 16];
    expect(quantileOfSorted(sorted, 0.025)).toBeCloseTo(1.1, 12);
    expect(quantileOfSorted(sorted, 0.5)).toBe(4);
    expect(quantileOfSorted(sorted, 0.975)).toBeCloseTo(15.2, 12);
    expect(quantileOfSorted(sorted, 1)).toBe(16);
    expect(quantileOfSorted([], 0.5)).toBeNaN();
  });

  it("uses n − 1 in the variance", () => {
    expect(sampleVariance([1, 2, 3, 4])).toBeCloseTo(5 / 3, 12);
    expect(sampleVariance([7])).toBeNaN();
  });

  it("summarises columns of a row-major matrix, sorting numerically", () => {
    // column 0: 10, 9, 100 (a lexicographic sort would put 100 first); column 1: 0, 0, 0
    const summary = summarizeColumns(Float64Array.from([10, 0, 9, 0, 100, 0]), 3, 2);
    expect(summary.median[0]).toBe(10);
    expect(summary.q975[0]).toBeCloseTo(100 - 0.05 * 90, 12);
    expect(summary.variance[1]).toBe(0);
  });
});
