import { describe, expect, it } from "vitest";
import { computeLeaderboard, computeStyleLeaderboard, selectModelsByVotes } from "./leaderboard";
import { aggregate, aggregateColumns } from "./pair-counts";
import { normalizedDifferenceColumn } from "./style-features";
import { generateSyntheticBattles } from "./synthetic";

const cells = [
  { a: 0, b: 1, winsA: 60, winsB: 40, ties: 20 },
  { a: 0, b: 2, winsA: 70, winsB: 20, ties: 10 },
  { a: 1, b: 2, winsA: 50, winsB: 45, ties: 15 },
  { a: 3, b: 0, winsA: 2, winsB: 1, ties: 0 }, // model 3: only 3 + 1 votes
  { a: 3, b: 4, winsA: 1, winsB: 0, ties: 0 }, // model 4: a single vote, against model 3
];
const names = ["alpha", "beta", "gamma", "delta", "epsilon"];

describe("selectModelsByVotes", () => {
  it("drops models below the threshold until the remaining ones all qualify", () => {
    const counts = aggregate(cells, 5);
    // epsilon has 1 vote; without it delta has 3, below 4: both go.
    expect(selectModelsByVotes(counts, 4)).toEqual([0, 1, 2]);
    expect(selectModelsByVotes(counts, 1)).toEqual([0, 1, 2, 3, 4]);
    expect(() => selectModelsByVotes(counts, 0)).toThrow(RangeError);
  });
});

describe("computeLeaderboard", () => {
  it("returns sorted rows with counts, CIs, ranks and the excluded models", () => {
    const board = computeLeaderboard(names, aggregate(cells, 5), { minVotes: 4, rounds: 300, seed: 1 });
    expect(board.rows.map((r) => r.model)).toEqual(["alpha", "beta", "gamma"]);
    expect(board.excluded).toEqual([
      { model: "delta", battles: 3 },
      { model: "epsilon", battles: 0 },
    ]);
    const alpha = board.rows[0];
    expect(alpha).toMatchObject({ battles: 220, wins: 130, losses: 60, ties: 30, flags: [] });
    expect(alpha.q025).toBeLessThan(alpha.rating);
    expect(alpha.q975).toBeGreaterThan(alpha.rating);
    expect(alpha.variance).toBeGreaterThan(0);
    expect(board.votes).toBe(330);
    expect(alpha.rank).toBe(1);
    // beta and gamma overlap each other; both are below alpha.
    expect(board.rows[1].rank).toBe(2);
    expect(board.rows[2].rank).toBe(2);
    const mean = board.rows.reduce((s, r) => s + r.rating, 0) / 3;
    expect(mean).toBeCloseTo(1000, 9);
  });

  it("pins a named anchor when present and reports when it is not", () => {
    const anchored = computeLeaderboard(names, aggregate(cells, 5), { minVotes: 4, rounds: 50, anchor: { model: "beta", rating: 1114 } });
    expect(anchored.anchorApplied).toBe(true);
    expect(anchored.rows.find((r) => r.model === "beta")?.rating).toBe(1114);
    const missing = computeLeaderboard(names, aggregate(cells, 5), { minVotes: 4, rounds: 50, anchor: { model: "delta", rating: 1114 } });
    expect(missing.anchorApplied).toBe(false);
  });

  it("flags a small undefeated model that passes the threshold", () => {
    const board = computeLeaderboard(names, aggregate(cells, 5), { minVotes: 1, rounds: 50 });
    expect(board.rows.find((r) => r.model === "epsilon")?.flags).toEqual(["winless"]);
    expect(board.fit.priorApplied).toBe(true);
  });

  it("returns no rows when fewer than two models qualify", () => {
    const board = computeLeaderboard(names, aggregate(cells, 5), { minVotes: 10_000, rounds: 50 });
    expect(board.rows).toEqual([]);
    expect(board.excluded).toHaveLength(5);
  });

  it("rejects names that do not match the counts", () => {
    expect(() => computeLeaderboard(["a"], aggregate(cells, 5))).toThrow(RangeError);
    expect(() => computeLeaderboard(["a", "a", "b", "c", "d"], aggregate(cells, 5))).toThrow(/unique/);
  });
});

describe("computeStyleLeaderboard", () => {
  const log = generateSyntheticBattles({ models: 6, battles: 6000, seed: 3 });
  const features = [
    { name: "length", difference: normalizedDifferenceColumn(log.lengthA, log.lengthB) },
    { name: "citations", difference: normalizedDifferenceColumn(log.citationsA, log.citationsB) },
  ];

  it("gives style-controlled rows and coefficients with intervals, by bootstrap or sandwich", () => {
    const boot = computeStyleLeaderboard(log.models, log, features, { rounds: 40, seed: 2 });
    const sandwich = computeStyleLeaderboard(log.models, log, features, { intervals: "sandwich" });
    for (const board of [boot, sandwich]) {
      expect(board.rows).toHaveLength(6);
      expect(board.coefficients.map((c) => c.feature)).toEqual(["length", "citations"]);
      for (const c of board.coefficients) {
        expect(c.q025).toBeLessThan(c.value);
        expect(c.q975).toBeGreaterThan(c.value);
      }
      expect(board.votes).toBe(6000);
    }
    expect(boot.rows.map((r) => r.rating)).toEqual(sandwich.rows.map((r) => r.rating));
    const totals = aggregateColumns(log, 6);
    const first = boot.rows[0];
    const index = log.models.indexOf(first.model);
    let wins = 0;
    for (let j = 0; j < 6; j++) wins += totals.wins[index * 6 + j];
    expect(first.wins).toBe(wins);
  });

  it("applies min-votes to the votes it fits", () => {
    const board = computeStyleLeaderboard(log.models, log, features, { intervals: "sandwich", minVotes: 1_000_000 });
    expect(board.rows).toEqual([]);
  });
});
