import { describe, expect, it } from "vitest";
import { chiSquareCritical, chiSquareSurvival, logGamma } from "./chi-square-survival";

// Reference values: standard chi-square tables (critical values) and closed forms; the long decimals agree with
// SciPy's chi2.sf / chi2.ppf to the digits shown.

describe("chiSquareSurvival", () => {
  it.each([
    [3.841458820694124, 1, 0.05],
    [5.991464547107979, 2, 0.05],
    [11.070497693516351, 5, 0.05],
    [18.307038053275146, 10, 0.05],
    [31.410432844230918, 20, 0.05],
    [11.344866730144373, 3, 0.01],
    [63.690739751564465, 40, 0.01],
    [124.34211340400407, 100, 0.05],
    [249.4451229814416, 200, 0.01],
  ])("P(chi²(%d df) >= x) at the tabulated critical value x = %f is %f", (x, df, tail) => {
    expect(chiSquareSurvival(x, df)).toBeCloseTo(tail, 12);
  });

  it("matches the closed forms for 2 and 4 degrees of freedom", () => {
    // df 2: e^{-x/2}; df 4: e^{-x/2} (1 + x/2).
    expect(chiSquareSurvival(2, 2)).toBeCloseTo(Math.exp(-1), 15);
    expect(chiSquareSurvival(4, 4)).toBeCloseTo(3 * Math.exp(-2), 15);
    expect(chiSquareSurvival(10, 4)).toBeCloseTo(6 * Math.exp(-5), 15);
  });

  it("matches the normal distribution for 1 degree of freedom: P(|Z| >= 1)", () => {
    expect(chiSquareSurvival(1, 1)).toBeCloseTo(0.31731050786291115, 13);
  });

  it.each([
    [50, 7, 1.4444852779215397e-8],
    [30, 1, 4.3204630578274955e-8],
    [300, 200, 5.924540335483916e-6],
    [1500, 1000, 1.0454640385980825e-22],
  ])("is accurate in the far tail (x = %d, df = %d), relative error below 1e-9", (x, df, expected) => {
    expect(Math.abs(chiSquareSurvival(x, df) / expected - 1)).toBeLessThan(1e-9);
  });

  it("is 1 at and below zero, 0 at infinity, and decreasing in x", () => {
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(chiSquareSurvival(-1, 4)).toBe(1);
    expect(chiSquareSurvival(Infinity, 4)).toBe(0);
    let previous = 1;
    for (let x = 0.5; x < 60; x += 0.5) {
      const p = chiSquareSurvival(x, 9);
      expect(p).toBeLessThan(previous);
      previous = p;
    }
  });

  it("refuses impossible degrees of freedom", () => {
    expect(() => chiSquareSurvival(1, 0)).toThrow(RangeError);
    expect(() => chiSquareSurvival(1, Number.NaN)).toThrow(RangeError);
  });
});

describe("chiSquareCritical", () => {
  it.each([
    [0.05, 1, 3.841458820694124],
    [0.05, 20, 31.410432844230918],
    [0.01, 200, 249.4451229814416],
  ])("inverts the survival function (tail %f, df %d)", (tail, df, x) => {
    expect(chiSquareCritical(tail, df)).toBeCloseTo(x, 8);
  });
});

describe("logGamma", () => {
  it("matches ln Γ at known points", () => {
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
  });
});
