import { describe, expect, it } from "vitest";
import { VIEW } from "./fixtures";
import { heatmapData } from "./matrices";

describe("heatmapData", () => {
  it("gives win fractions with ties as half and battle counts, for the top models only", () => {
    const all = heatmapData(VIEW.pairs, 10);
    expect(all.names).toEqual(["Alpha", "Beta", "Gamma"]);
    // Alpha vs Beta: 30 wins, 20 losses, 10 ties.
    expect(all.winFraction[0][1]).toBeCloseTo(35 / 60, 12);
    expect(all.winFraction[1][0]).toBeCloseTo(25 / 60, 12);
    expect(all.winFraction[0][0]).toBeNull();
    expect(all.battles[0][1]).toBe(60);
    expect(all.battleCells[1][1]).toBeNull();
    const top2 = heatmapData(VIEW.pairs, 2);
    expect(top2.names).toEqual(["Alpha", "Beta"]);
    expect(top2.battles).toEqual([
      [0, 60],
      [60, 0],
    ]);
  });
});
