import { describe, expect, it } from "vitest";
import { contentDefinedBoundaries, hashId, UnitGrouper } from "./unit-boundaries";

const ids = (count: number, offset = 0) => Array.from({ length: count }, (_, i) => `c${(i + offset).toString(36).padStart(6, "0")}x${hashId(String(i + offset)).toString(36)}`);
function group(list: string[], target: number): string[][] {
  const grouper = new UnitGrouper(contentDefinedBoundaries(target), (id: string) => id);
  const groups: string[][] = [];
  for (const id of list) {
    const ended = grouper.push(id);
    if (ended) groups.push(ended);
  }
  const last = grouper.flush();
  if (last) groups.push(last);
  return groups;
}

describe("content-defined unit boundaries", () => {
  it("keeps every id once, in order, in groups between half and twice the target (the last may be shorter)", () => {
    const list = ids(20_000);
    const groups = group(list, 100);
    expect(groups.flat()).toEqual(list);
    for (const unit of groups.slice(0, -1)) {
      expect(unit.length).toBeGreaterThanOrEqual(50);
      expect(unit.length).toBeLessThanOrEqual(200);
    }
    const mean = list.length / groups.length;
    expect(mean).toBeGreaterThan(80);
    expect(mean).toBeLessThan(125);
  });

  it("changes only the groups around a removed or added id; the others keep exactly their records", () => {
    const list = ids(10_000);
    const before = group(list, 50).map((unit) => unit.join(","));
    for (const index of [0, 17, 4_321, 9_999]) {
      const removed = group([...list.slice(0, index), ...list.slice(index + 1)], 50).map((unit) => unit.join(","));
      const kept = removed.filter((unit) => before.includes(unit));
      expect(removed.length - kept.length).toBeLessThanOrEqual(2);
      expect(before.length - kept.length).toBeLessThanOrEqual(2);
    }
    const appended = group([...list, ...ids(500, 10_000)], 50).map((unit) => unit.join(","));
    expect(before.slice(0, -1).every((unit) => appended.includes(unit))).toBe(true);
  });

  it("groups one by one for a target of 1, and refuses a target below 1", () => {
    expect(group(["a", "b", "c"], 1)).toEqual([["a"], ["b"], ["c"]]);
    expect(() => contentDefinedBoundaries(0)).toThrow(/positive integer/);
  });
});
