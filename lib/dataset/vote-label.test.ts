import { describe, expect, it } from "vitest";
import { parseVoteLabel } from "./vote-label";

describe("parseVoteLabel", () => {
  it.each([
    ["A", "A"],
    ["a", "A"],
    [" model_a ", "A"],
    ["Model A", "A"],
    ["B", "B"],
    ["b", "B"],
    ["model_b", "B"],
    ["tie", "tie"],
    ["Tie", "tie"],
    ["TIE", "tie"],
    ["bad", "bad"],
    ["Both bad", "bad"],
    ["both_bad", "bad"],
    ["BOTH_BAD", "bad"],
    ["tie (bothbad)", "bad"],
    ["Tie (Both Bad)", "bad"],
  ] as const)("%j -> %j", (label, vote) => {
    expect(parseVoteLabel(label)).toBe(vote);
  });

  it.each([["maybe"], [""], [null], [1], [["A"]]])("%j is not a vote", (label) => {
    expect(parseVoteLabel(label)).toBeNull();
  });
});
