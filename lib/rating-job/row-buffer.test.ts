import { describe, expect, it } from "vitest";
import { RowBuffer } from "./row-buffer";

describe("RowBuffer", () => {
  it("keeps rows across chunk boundaries", () => {
    const buffer = new RowBuffer(3);
    const n = (1 << 16) + 5;
    for (let i = 0; i < n; i++) buffer.push([i, -i, i * 0.5]);
    expect(buffer.length).toBe(n);
    const out = new Float64Array(3);
    expect([...buffer.read(0, out)]).toEqual([0, -0, 0]);
    expect([...buffer.read((1 << 16) - 1, out)]).toEqual([(1 << 16) - 1, -((1 << 16) - 1), ((1 << 16) - 1) * 0.5]);
    expect([...buffer.read(n - 1, out)]).toEqual([n - 1, -(n - 1), (n - 1) * 0.5]);
    expect(buffer.value(1 << 16, 1)).toBe(-(1 << 16));
  });

  it("orders by key, then tie-break, then arrival", () => {
    const buffer = new RowBuffer(3);
    const rows = [
      [5, 1, 0],
      [3, 9, 1],
      [5, -2, 2],
      [3, 9, 3],
      [1, 0, 4],
      [5, 1, 5],
    ];
    for (const row of rows) buffer.push(row);
    const order = buffer.sortedOrder(0, 1);
    expect([...order].map((i) => rows[i][2])).toEqual([4, 1, 3, 2, 0, 5]);
  });

  it("returns arrival order when rows are already sorted", () => {
    const buffer = new RowBuffer(2);
    for (let i = 0; i < 1000; i++) buffer.push([Math.floor(i / 3), i % 3]);
    expect([...buffer.sortedOrder(0, 1)]).toEqual([...Array(1000).keys()]);
  });

  it("sorts a large shuffled input", () => {
    const buffer = new RowBuffer(2);
    const n = 200_000;
    let seed = 7;
    const keys: number[] = [];
    for (let i = 0; i < n; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      keys.push(seed % 1000);
      buffer.push([keys[i], i]);
    }
    const order = buffer.sortedOrder(0, 1);
    let misplaced = 0;
    for (let i = 1; i < n; i++) {
      const [p, q] = [order[i - 1], order[i]];
      if (!(keys[p] < keys[q] || (keys[p] === keys[q] && p < q))) misplaced += 1;
    }
    expect(new Set(order).size).toBe(n);
    expect(misplaced).toBe(0);
  });

  it("refuses a bad width", () => {
    expect(() => new RowBuffer(0)).toThrow(/positive integer/);
  });
});
