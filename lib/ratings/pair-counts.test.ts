import { describe, expect, it } from "vitest";
import { aggregate, aggregateColumns, comparisonMatrices, modelTotals, restrictPairCounts } from "./pair-counts";
import { OUTCOME_CODE } from "./types";

describe("aggregate", () => {
  it("counts wins either side, ties and both-bad as ties", () => {
    const counts = aggregate(
      [
        { a: 0, b: 1, outcome: "A" },
        { a: 1, b: 0, outcome: "A" },
        { a: 1, b: 0, outcome: "B" },
        { a: 0, b: 1, outcome: "TIE" },
        { a: 1, b: 0, outcome: "BOTH_BAD" },
        { a: 2, b: 0, outcome: "B", count: 3 },
      ],
      3,
    );
    expect(counts.wins[0 * 3 + 1]).toBe(2); // model 0 beat model 1 twice
    expect(counts.wins[1 * 3 + 0]).toBe(1);
    expect(counts.ties[0 * 3 + 1]).toBe(2);
    expect(counts.ties[1 * 3 + 0]).toBe(2);
    expect(counts.wins[0 * 3 + 2]).toBe(3);
    const matrices = comparisonMatrices(counts);
    expect(matrices.battles[0 * 3 + 1]).toBe(5);
    expect(matrices.battles[1 * 3 + 0]).toBe(5);
    expect(matrices.score[0 * 3 + 1]).toBe(3);
    expect(matrices.score[1 * 3 + 0]).toBe(2);
  });

  it("gives the same counts from votes, cells and columns", () => {
    const fromVotes = aggregate(
      [
        { a: 0, b: 1, outcome: "A" },
        { a: 0, b: 1, outcome: "A" },
        { a: 1, b: 0, outcome: "A" },
        { a: 0, b: 1, outcome: "BOTH_BAD" },
      ],
      2,
    );
    const fromCells = aggregate(
      [
        { a: 0, b: 1, winsA: 2, winsB: 0, ties: 0, bothBad: 1 },
        { a: 1, b: 0, winsA: 1, winsB: 0, ties: 0 },
      ],
      2,
    );
    const fromColumns = aggregateColumns(
      {
        modelA: Int32Array.from([0, 0, 1, 0]),
        modelB: Int32Array.from([1, 1, 0, 1]),
        outcome: Uint8Array.from([OUTCOME_CODE.A, OUTCOME_CODE.A, OUTCOME_CODE.A, OUTCOME_CODE.BOTH_BAD]),
      },
      2,
    );
    expect(Array.from(fromCells.wins)).toEqual(Array.from(fromVotes.wins));
    expect(Array.from(fromCells.ties)).toEqual(Array.from(fromVotes.ties));
    expect(Array.from(fromColumns.wins)).toEqual(Array.from(fromVotes.wins));
    expect(Array.from(fromColumns.ties)).toEqual(Array.from(fromVotes.ties));
  });

  it("rejects bad indices, self-battles, bad counts and unknown outcomes", () => {
    expect(() => aggregate([{ a: 0, b: 2, outcome: "A" }], 2)).toThrow(/model indices/);
    expect(() => aggregate([{ a: 1, b: 1, outcome: "A" }], 2)).toThrow(/itself/);
    expect(() => aggregate([{ a: 0, b: 1, outcome: "A", count: -1 }], 2)).toThrow(/count/);
    expect(() => aggregate([{ a: 0, b: 1, winsA: Number.NaN, winsB: 0, ties: 0 }], 2)).toThrow(/winsA/);
    expect(() => aggregate([{ a: 0, b: 1, outcome: "X" as "A" }], 2)).toThrow(/unknown outcome/);
    expect(() =>
      aggregateColumns({ modelA: Int32Array.from([0]), modelB: Int32Array.from([1]), outcome: Uint8Array.from([7]) }, 2),
    ).toThrow(/outcome code/);
  });
});

describe("modelTotals and restrictPairCounts", () => {
  const counts = aggregate(
    [
      { a: 0, b: 1, winsA: 3, winsB: 1, ties: 2 },
      { a: 2, b: 1, winsA: 5, winsB: 0, ties: 1 },
    ],
    3,
  );

  it("sums per model", () => {
    const totals = modelTotals(counts);
    expect(Array.from(totals.battles)).toEqual([6, 12, 6]);
    expect(Array.from(totals.wins)).toEqual([3, 1, 5]);
    expect(Array.from(totals.losses)).toEqual([1, 8, 0]);
    expect(Array.from(totals.ties)).toEqual([2, 3, 1]);
  });

  it("keeps only the chosen models, re-indexed", () => {
    const restricted = restrictPairCounts(counts, [2, 1]);
    expect(restricted.modelCount).toBe(2);
    expect(restricted.wins[0 * 2 + 1]).toBe(5);
    expect(restricted.ties[1 * 2 + 0]).toBe(1);
    expect(Array.from(modelTotals(restricted).battles)).toEqual([6, 6]);
  });
});
