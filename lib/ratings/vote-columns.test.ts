import { describe, expect, it } from "vitest";
import { orderByTime, VoteColumnsBuilder } from "./vote-columns";
import { OUTCOME_CODE } from "./types";

describe("VoteColumnsBuilder", () => {
  it("grows past its initial capacity and trims on build", () => {
    const builder = new VoteColumnsBuilder(["length"], true, 2);
    for (let i = 0; i < 5; i++) builder.push(i % 2, 2, OUTCOME_CODE.TIE, [i / 10], 100 - i);
    expect(builder.length).toBe(5);
    const { columns, features, timestamps } = builder.build();
    expect(Array.from(columns.modelA)).toEqual([0, 1, 0, 1, 0]);
    expect(columns.modelB.length).toBe(5);
    expect(Array.from(columns.outcome)).toEqual([2, 2, 2, 2, 2]);
    expect(features).toEqual([{ name: "length", difference: Float64Array.from([0, 0.1, 0.2, 0.3, 0.4]) }]);
    expect(Array.from(timestamps ?? [])).toEqual([100, 99, 98, 97, 96]);
  });

  it("insists on one value per feature", () => {
    expect(() => new VoteColumnsBuilder(["a", "b"]).push(0, 1, OUTCOME_CODE.A, [1])).toThrow(/expected 2/);
  });
});

describe("orderByTime", () => {
  it("sorts stably and leaves sorted columns alone", () => {
    const columns = { modelA: Int32Array.from([0, 1, 2]), modelB: Int32Array.from([1, 2, 0]), outcome: Uint8Array.from([0, 1, 2]) };
    expect(orderByTime(columns, Float64Array.from([1, 2, 3]))).toBe(columns);
    const ordered = orderByTime(columns, Float64Array.from([5, 1, 5]));
    expect(Array.from(ordered.modelA)).toEqual([1, 0, 2]);
    expect(Array.from(ordered.outcome)).toEqual([1, 0, 2]);
  });
});
