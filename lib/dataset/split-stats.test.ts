import { describe, expect, it } from "vitest";
import { SplitStatsAccumulator } from "./split-stats";

describe("SplitStatsAccumulator", () => {
  it("counts records per vote, per discipline and per category, sorted with the unnamed group last", () => {
    const stats = new SplitStatsAccumulator();
    stats.add({ vote: "A", subject: "Physics", question_type: "Methods" });
    stats.add({ vote: "B", subject: "Physics", question_type: null });
    stats.add({ vote: "tie", subject: null, question_type: "Methods" });
    stats.add({ vote: "A", subject: "Biology", question_type: "Survey" });
    expect(stats.result()).toEqual({
      total: 4,
      votes: { A: 2, B: 1, tie: 1, bad: 0 },
      bySubject: [
        { name: "Biology", total: 1, votes: { A: 1, B: 0, tie: 0, bad: 0 } },
        { name: "Physics", total: 2, votes: { A: 1, B: 1, tie: 0, bad: 0 } },
        { name: null, total: 1, votes: { A: 0, B: 0, tie: 1, bad: 0 } },
      ],
      byQuestionType: [
        { name: "Methods", total: 2, votes: { A: 1, B: 0, tie: 1, bad: 0 } },
        { name: "Survey", total: 1, votes: { A: 1, B: 0, tie: 0, bad: 0 } },
        { name: null, total: 1, votes: { A: 0, B: 1, tie: 0, bad: 0 } },
      ],
    });
  });
});
