import { describe, expect, it } from "vitest";
import { battleCountMatrix, winFractionMatrix } from "./matrices";
import { aggregate } from "./pair-counts";

const counts = aggregate(
  [
    { a: 0, b: 1, winsA: 6, winsB: 2, ties: 2 },
    { a: 2, b: 1, winsA: 0, winsB: 0, ties: 3 },
  ],
  3,
);

describe("winFractionMatrix", () => {
  it("counts ties as half by default", () => {
    const matrix = winFractionMatrix(counts);
    expect(matrix[0][1]).toBeCloseTo(0.7, 12);
    expect(matrix[1][0]).toBeCloseTo(0.3, 12);
    expect(matrix[1][2]).toBe(0.5);
    expect(matrix[0][2]).toBeNull();
    expect(matrix[0][0]).toBeNull();
  });

  it("can leave ties out, as Chatbot Arena's chart", () => {
    const matrix = winFractionMatrix(counts, { ties: "exclude" });
    expect(matrix[0][1]).toBe(0.75);
    expect(matrix[2][1]).toBeNull();
  });
});

describe("battleCountMatrix", () => {
  it("is symmetric with every outcome counted", () => {
    expect(battleCountMatrix(counts)).toEqual([
      [0, 10, 0],
      [10, 0, 3],
      [0, 3, 0],
    ]);
  });
});
