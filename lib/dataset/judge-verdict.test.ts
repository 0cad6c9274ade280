import { describe, expect, it } from "vitest";
import { parseJudgeVerdict } from "./judge-verdict";

describe("parseJudgeVerdict", () => {
  it.each([
    ["A", "A"],
    ["B", "B"],
    ["b", "B"],
    ["A.", "A"],
    ['"B"', "B"],
    ["[[A]]", "A"],
    ["**B**", "B"],
    ["Output (a)", "A"],
    ["Output(b)", "B"],
    ["Response A", "A"],
    ["Answer: B", "B"],
    ["The answer is A", "A"],
    ["I choose B", "B"],
    ['{"choice": "A"}', "A"],
    ["Response A is better.", "A"],
    ["Response B is better than Response A.", "B"],
    ["I think Output (b) is the best overall.", "B"],
    ["After weighing citations, I prefer Response A because it is more accurate.", "A"],
    ["Both are detailed, but Response B is clearly superior in citation accuracy.", "B"],
    ["Response A cites more papers but misreads them.\n\nFinal answer: B", "B"],
    ["Use [[A]] if A is better and [[B]] if B is better.\n\nVerdict: [[B]]", "B"],
    ["The answer is a close call, but my final verdict: **A**", "A"],
    ["<think>Maybe A? No, B is more accurate.</think>\nA", "A"],
    ["Considering accuracy and clarity, the better response is:\n\nB", "B"],
    ["Overall: B.", "B"],
  ] as const)("%j -> %s", (output, verdict) => {
    expect(parseJudgeVerdict(output)).toBe(verdict);
  });

  it.each([
    [""],
    ["   "],
    ["Tie"],
    ["Both responses are equally good."],
    ["A or B"],
    ["A and B are both weak."],
    ["A good answer would cite more papers."],
    ["I cannot decide."],
    ["<think>A</think>"],
    ["Response A is not better"],
  ])("%j -> null", (output) => {
    expect(parseJudgeVerdict(output)).toBeNull();
  });

  it("treats missing output as unparseable", () => {
    expect(parseJudgeVerdict(null)).toBeNull();
    expect(parseJudgeVerdict(undefined)).toBeNull();
  });
});
