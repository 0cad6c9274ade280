import { describe, expect, it } from "vitest";
import { normalizedDifference, OUTCOME_CODE } from "@/lib/ratings";
import { labelState, LABELS_COMPLETE, LABELS_PRESENT, selectVotes, StreamedVotesBuilder, type AnswerStyle } from "./streamed-votes";

const style = (length: number, citations: number, supporting = 0, irrelevant = 0, labeled = supporting + irrelevant): AnswerStyle => ({ length, citations, supporting, irrelevant, labeled });

describe("StreamedVotesBuilder", () => {
  it("stores models, outcomes, the four feature differences, scopes and label states, growing as needed", () => {
    const builder = new StreamedVotesBuilder(1);
    builder.push(0, 1, "A", "Healthcare", null, style(300, 3, 2, 1), style(100, 1, 1, 0));
    builder.push(1, 2, "BOTH_BAD", null, "Methods", style(50, 0), style(70, 2));
    builder.push(2, 0, "TIE", "Healthcare", "Methods", style(10, 1, 0, 0, 0), style(10, 1, 1, 0));
    const votes = builder.build();
    expect(Array.from(votes.columns.modelA)).toEqual([0, 1, 2]);
    expect(Array.from(votes.columns.outcome)).toEqual([OUTCOME_CODE.A, OUTCOME_CODE.BOTH_BAD, OUTCOME_CODE.TIE]);
    expect(votes.features.map((f) => f.name)).toEqual(["length", "citations", "supporting", "irrelevant"]);
    expect(votes.features[0].difference[0]).toBe(normalizedDifference(300, 100));
    expect(votes.features[2].difference[0]).toBe(normalizedDifference(2, 1));
    expect(votes.disciplines).toEqual(["Healthcare"]);
    expect(votes.categories).toEqual(["Methods"]);
    expect(Array.from(votes.discipline)).toEqual([0, -1, 0]);
    expect(Array.from(votes.category)).toEqual([-1, 0, 0]);
    expect(Array.from(votes.labels)).toEqual([LABELS_COMPLETE | LABELS_PRESENT, 0, LABELS_PRESENT]);
  });

  it("a vote without citations is completely labelled but has no labels", () => {
    expect(labelState(style(1, 0), style(2, 0))).toBe(LABELS_COMPLETE);
  });

  it("selects one scope's votes with the chosen features", () => {
    const builder = new StreamedVotesBuilder();
    for (let i = 0; i < 6; i++) builder.push(i % 3, (i + 1) % 3, "A", i % 2 === 0 ? "Even" : "Odd", null, style(i, i), style(1, 1));
    const votes = builder.build();
    const even = selectVotes(votes, { codes: votes.discipline, value: votes.disciplines.indexOf("Even") }, ["citations"]);
    expect(Array.from(even.columns.modelA)).toEqual([0, 2, 1]);
    expect(even.features.map((f) => f.name)).toEqual(["citations"]);
    expect(Array.from(even.features[0].difference)).toEqual([0, 2, 4].map((c) => normalizedDifference(c, 1)));
    const all = selectVotes(votes, undefined, ["length", "citations"]);
    expect(all.columns).toBe(votes.columns);
  });
});
