import { describe, expect, it } from "vitest";
import { onlineElo } from "./online-elo";
import { OUTCOME_CODE } from "./types";

const columns = (rows: Array<[number, number, number]>) => ({
  modelA: Int32Array.from(rows.map((r) => r[0])),
  modelB: Int32Array.from(rows.map((r) => r[1])),
  outcome: Uint8Array.from(rows.map((r) => r[2])),
});

describe("onlineElo", () => {
  it("applies the K = 4 update in order", () => {
    // Equal ratings, A wins: expected score 1/2, so ±4·(1 − 1/2).
    const ratings = onlineElo(columns([[0, 1, OUTCOME_CODE.A]]), 2);
    expect(ratings[0]).toBeCloseTo(1002, 12);
    expect(ratings[1]).toBeCloseTo(998, 12);
    const two = onlineElo(columns([[0, 1, OUTCOME_CODE.A], [1, 0, OUTCOME_CODE.A]]), 2);
    const expectedSecond = 1 / (1 + Math.pow(10, (1002 - 998) / 400));
    expect(two[1]).toBeCloseTo(998 + 4 * (1 - expectedSecond), 12);
  });

  it("depends on order (unlike Bradley-Terry) and counts ties and both-bad as half", () => {
    const forward = onlineElo(columns([[0, 1, OUTCOME_CODE.A], [0, 1, OUTCOME_CODE.B], [0, 2, OUTCOME_CODE.A]]), 3);
    const backward = onlineElo(columns([[0, 2, OUTCOME_CODE.A], [0, 1, OUTCOME_CODE.B], [0, 1, OUTCOME_CODE.A]]), 3);
    expect(forward[0]).not.toBeCloseTo(backward[0], 6);
    const tie = onlineElo(columns([[0, 1, OUTCOME_CODE.TIE], [0, 1, OUTCOME_CODE.BOTH_BAD]]), 2);
    expect(tie[0]).toBe(1000);
    const total = forward.reduce((s, x) => s + x, 0);
    expect(total).toBeCloseTo(3000, 9); // zero-sum updates
  });

  it("uses k, scale and init, and rejects bad votes", () => {
    const ratings = onlineElo(columns([[0, 1, OUTCOME_CODE.B]]), 2, { k: 32, init: 1500 });
    expect(ratings[1]).toBeCloseTo(1516, 12);
    expect(() => onlineElo(columns([[0, 0, 0]]), 2)).toThrow(RangeError);
    expect(() => onlineElo(columns([[0, 1, 9]]), 2)).toThrow(RangeError);
  });
});
