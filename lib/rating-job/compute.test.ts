import { describe, expect, it } from "vitest";
import { aggregateColumns, computeLeaderboard, computeStyleLeaderboard, generateSyntheticBattles, onlineElo } from "@/lib/ratings";
import { chooseFeatures, computeScopes, DEFAULT_SETTINGS, InconsistentVotesError, type JobSettings } from "./compute";
import { OVERALL, scopeOf } from "./scope";
import { StreamedVotesBuilder, type StreamedVotes } from "./streamed-votes";

const SETTINGS: JobSettings = { ...DEFAULT_SETTINGS, minVotes: { overall: 5, discipline: 5, category: 5 }, bootstrapRounds: 50, styleRounds: 5 };
const MODELS = ["m0", "m1", "m2", "m3", "m4"];

function synthetic(labelled: (i: number) => boolean): StreamedVotes {
  const log = generateSyntheticBattles({ models: 5, battles: 800, seed: 3 });
  const builder = new StreamedVotesBuilder();
  const outcomes = ["A", "B", "TIE", "BOTH_BAD"] as const;
  for (let i = 0; i < 800; i++) {
    const full = labelled(i);
    const a = { length: log.lengthA[i], citations: log.citationsA[i], supporting: full ? log.citationsA[i] : 0, irrelevant: 0, labeled: full ? log.citationsA[i] : 0 };
    const b = { length: log.lengthB[i], citations: log.citationsB[i], supporting: full ? log.citationsB[i] : 0, irrelevant: 0, labeled: full ? log.citationsB[i] : 0 };
    builder.push(log.modelA[i], log.modelB[i], outcomes[log.outcome[i]], i % 2 ? "Odd" : "Even", null, a, b);
  }
  return builder.build();
}

describe("computeScopes", () => {
  it("equals the library called directly, per scope, and computes online Elo over the rated models", () => {
    const votes = synthetic(() => false);
    const overallCounts = aggregateColumns(votes.columns, 5);
    const [result] = computeScopes(MODELS, [{ scope: OVERALL, counts: overallCounts }], votes, SETTINGS);
    const plain = computeLeaderboard(MODELS, overallCounts, { rounds: 50, seed: 1, minVotes: 5 });
    expect(result.plain).toEqual(plain);
    const style = computeStyleLeaderboard(MODELS, votes.columns, votes.features.slice(0, 2), { rounds: 5, seed: 1, minVotes: 5 });
    expect(result.style!.rows).toEqual(style.rows);
    expect(result.styleFeatures).toEqual(["length", "citations"]);
    const elo = onlineElo(votes.columns, 5, { k: 4 });
    expect(result.onlineElo).toEqual(Object.fromEntries(MODELS.map((m, i) => [m, elo[i]])));
    expect(result.pairs.models).toEqual(plain.rows.map((r) => r.model));
    expect(result.skipped).toBeNull();
  });

  it("uses the label features only in scopes where every vote is labelled", () => {
    const votes = synthetic((i) => i % 2 === 0);
    const even = votes.disciplines.indexOf("Even");
    const countsFor = (value: number) => {
      const keep = Array.from(votes.discipline, (d) => d === value);
      const columns = {
        modelA: votes.columns.modelA.filter((_, i) => keep[i]),
        modelB: votes.columns.modelB.filter((_, i) => keep[i]),
        outcome: votes.columns.outcome.filter((_, i) => keep[i]),
      };
      return aggregateColumns(columns, 5);
    };
    const results = computeScopes(
      MODELS,
      [
        { scope: OVERALL, counts: aggregateColumns(votes.columns, 5) },
        { scope: scopeOf("discipline", "Even"), counts: countsFor(even) },
        { scope: scopeOf("discipline", "Odd"), counts: countsFor(votes.disciplines.indexOf("Odd")) },
      ],
      votes,
      SETTINGS,
    );
    expect(results.map((r) => r.styleFeatures)).toEqual([
      ["length", "citations"],
      ["length", "citations", "supporting", "irrelevant"],
      ["length", "citations"],
    ]);
    expect(results[1].style!.coefficients.map((c) => c.feature)).toEqual(["length", "citations", "supporting", "irrelevant"]);
  });

  it("refuses streamed votes that do not add up to the grouped counts", () => {
    const votes = synthetic(() => false);
    const counts = aggregateColumns(votes.columns, 5);
    counts.wins[1] += 1;
    expect(() => computeScopes(MODELS, [{ scope: OVERALL, counts }], votes, SETTINGS)).toThrow(InconsistentVotesError);
  });

  it("skips a scope where fewer than two models reach the minimum, and works without streamed votes", () => {
    const votes = synthetic(() => false);
    const [result] = computeScopes(MODELS, [{ scope: OVERALL, counts: aggregateColumns(votes.columns, 5) }], null, { ...SETTINGS, minVotes: { ...SETTINGS.minVotes, overall: 10_000 } });
    expect(result.skipped).toMatch(/fewer than two models/);
    expect(result.plain.rows).toEqual([]);
    expect(result.style).toBeNull();
  });
});

describe("chooseFeatures", () => {
  it("auto: label features only when every vote is labelled and some label exists", () => {
    expect(chooseFeatures("auto", { votes: 10, completeVotes: 10, votesWithLabels: 3 })).toEqual(["length", "citations", "supporting", "irrelevant"]);
    expect(chooseFeatures("auto", { votes: 10, completeVotes: 9, votesWithLabels: 9 })).toEqual(["length", "citations"]);
    expect(chooseFeatures("auto", { votes: 10, completeVotes: 10, votesWithLabels: 0 })).toEqual(["length", "citations"]);
    expect(chooseFeatures(["length"], { votes: 10, completeVotes: 0, votesWithLabels: 0 })).toEqual(["length"]);
  });
});
