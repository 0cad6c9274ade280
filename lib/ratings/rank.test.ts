import { describe, expect, it } from "vitest";
import { rankByOverlap } from "./rank";

describe("rankByOverlap", () => {
  it("counts only models whose lower bound clears this model's upper bound", () => {
    const ranks = rankByOverlap([
      { q025: 1100, q975: 1150 }, // clearly first
      { q025: 1040, q975: 1090 }, // below the first only
      { q025: 1060, q975: 1105 }, // overlaps the first (1100 < 1105)
      { q025: 900, q975: 1000 }, // below all three
      { q025: 1000, q975: 1000 }, // a lower bound equal to an upper bound is not "above" it
    ]);
    expect(ranks).toEqual([1, 2, 1, 4, 4]);
  });

  it("gives everyone rank 1 when all intervals overlap", () => {
    expect(rankByOverlap([{ q025: 0, q975: 10 }, { q025: 5, q975: 15 }, { q025: 9, q975: 20 }])).toEqual([1, 1, 1]);
  });
});
