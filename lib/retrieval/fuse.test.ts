import { describe, expect, it } from "vitest";
import { orderByScore, reciprocalRankFusion } from "./fuse";

describe("reciprocalRankFusion", () => {
  it("rewards items ranked well by both orders", () => {
    const scores = reciprocalRankFusion(3, [
      [0, 1, 2],
      [1, 0, 2],
    ]);
    expect(scores[0]).toBeCloseTo(scores[1]);
    expect(scores[2]).toBeLessThan(scores[0]);
    expect(orderByScore(reciprocalRankFusion(3, [[2, 1, 0], [1, 2, 0], [1, 0, 2]]))).toEqual([1, 2, 0]);
  });

  it("keeps input order on ties", () => {
    expect(orderByScore([1, 1, 2])).toEqual([2, 0, 1]);
  });
});
