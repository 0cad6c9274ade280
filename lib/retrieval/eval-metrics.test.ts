import { describe, expect, it } from "vitest";
import { ndcgAt, percentile, recallAt, reciprocalRank } from "./eval-metrics";

describe("ranking metrics", () => {
  const gold = new Set(["a", "b"]);
  it("computes recall, nDCG and reciprocal rank", () => {
    expect(recallAt(2, ["a", "x", "b"], gold)).toBe(0.5);
    expect(ndcgAt(10, ["a", "b"], gold)).toBe(1);
    expect(ndcgAt(10, ["x", "a"], new Set(["a"]))).toBeCloseTo(1 / Math.log2(3));
    expect(reciprocalRank(["x", "y", "b"], gold)).toBeCloseTo(1 / 3);
    expect(reciprocalRank(["x"], gold)).toBe(0);
  });

  it("takes nearest-rank percentiles", () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 95)).toBe(4);
  });
});
