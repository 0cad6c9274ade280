import { describe, expect, it } from "vitest";
import { analyzeComparisonGraph } from "./connectivity";
import { aggregate, comparisonMatrices } from "./pair-counts";
import type { PairCell } from "./types";

const analyze = (cells: PairCell[], modelCount: number) => analyzeComparisonGraph(comparisonMatrices(aggregate(cells, modelCount)));

describe("analyzeComparisonGraph", () => {
  it("accepts a cycle of wins and a tie as a link both ways", () => {
    expect(
      analyze(
        [
          { a: 0, b: 1, winsA: 1, winsB: 0, ties: 0 },
          { a: 1, b: 2, winsA: 1, winsB: 0, ties: 0 },
          { a: 2, b: 0, winsA: 1, winsB: 0, ties: 0 },
        ],
        3,
      ).mleExists,
    ).toBe(true);
    expect(analyze([{ a: 0, b: 1, winsA: 0, winsB: 0, ties: 1 }], 2).mleExists).toBe(true);
  });

  it("flags an undefeated and a winless model", () => {
    const result = analyze(
      [
        { a: 0, b: 1, winsA: 2, winsB: 1, ties: 0 },
        { a: 1, b: 2, winsA: 1, winsB: 2, ties: 1 },
        { a: 3, b: 0, winsA: 4, winsB: 0, ties: 0 },
        { a: 3, b: 2, winsA: 1, winsB: 0, ties: 0 },
        { a: 4, b: 1, winsA: 0, winsB: 2, ties: 0 },
      ],
      5,
    );
    expect(result.mleExists).toBe(false);
    expect(result.flags).toEqual([[], [], [], ["undefeated"], ["winless"]]);
  });

  it("flags a group that never lost to the main group, and models without battles", () => {
    const result = analyze(
      [
        { a: 0, b: 1, winsA: 2, winsB: 1, ties: 0 },
        { a: 1, b: 2, winsA: 1, winsB: 1, ties: 0 },
        { a: 2, b: 0, winsA: 1, winsB: 1, ties: 0 },
        { a: 3, b: 4, winsA: 1, winsB: 1, ties: 0 }, // 3 and 4 beat each other ...
        { a: 3, b: 0, winsA: 2, winsB: 0, ties: 0 }, // ... and only ever beat the others
        { a: 4, b: 2, winsA: 1, winsB: 0, ties: 0 },
      ],
      6,
    );
    expect(result.mleExists).toBe(false);
    expect(result.flags).toEqual([[], [], [], ["separated"], ["separated"], ["no-battles"]]);
  });

  it("flags two models that were never compared with the main group", () => {
    const result = analyze(
      [
        { a: 0, b: 1, winsA: 1, winsB: 1, ties: 0 },
        { a: 1, b: 2, winsA: 1, winsB: 1, ties: 0 },
        { a: 3, b: 4, winsA: 1, winsB: 1, ties: 0 },
      ],
      5,
    );
    expect(result.flags).toEqual([[], [], [], ["separated"], ["separated"]]);
  });
});
