import { describe, expect, it } from "vitest";
import { entry } from "@/lib/leaderboard/fixtures";
import { formatCost, formatSigned, sortEntries } from "./table-sort";

const entries = [
  entry({ modelId: "a", name: "Zeta", rating: 1100, rank: 1, battles: 50, winRate: 0.7, costPer100Usd: 2 }),
  entry({ modelId: "b", name: "alpha", rating: 1050, rank: 1, battles: 300, winRate: 0.6, costPer100Usd: null }),
  entry({ modelId: "c", name: "Mu", rating: 990, rank: 3, battles: 120, winRate: 0.4, costPer100Usd: 0.1 }),
];
const order = (key: Parameters<typeof sortEntries>[1], direction: Parameters<typeof sortEntries>[2]) => sortEntries(entries, key, direction).map((e) => e.modelId);

describe("sortEntries", () => {
  it("sorts by each column, ties broken by rating", () => {
    expect(order("rank", "ascending")).toEqual(["a", "b", "c"]);
    expect(order("rank", "descending")).toEqual(["c", "a", "b"]);
    expect(order("name", "ascending")).toEqual(["b", "c", "a"]);
    expect(order("battles", "descending")).toEqual(["b", "c", "a"]);
    expect(order("winRate", "ascending")).toEqual(["c", "b", "a"]);
  });

  it("puts unknown costs last in both directions", () => {
    expect(order("cost", "ascending")).toEqual(["c", "a", "b"]);
    expect(order("cost", "descending")).toEqual(["a", "c", "b"]);
  });
});

describe("formats", () => {
  it("formats intervals and costs", () => {
    expect(formatSigned(12.34)).toBe("+12.3");
    expect(formatSigned(-0.04)).toBe("−0.0");
    expect(formatCost(null)).toBe("—");
    expect(formatCost(0)).toBe("$0");
    expect(formatCost(0.004)).toBe("$0.0040");
    expect(formatCost(1.5)).toBe("$1.50");
  });
});
