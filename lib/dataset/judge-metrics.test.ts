import { describe, expect, it } from "vitest";
import { bootstrapMeanIntervals, quantileOfSorted } from "./bootstrap";
import { evaluateJudge, toJudgedRecord, type JudgedRecord } from "./judge-metrics";
import { PUBLISHED_JUDGE_ACCURACY } from "./judge-reference";
import { SplitMix64 } from "./random";

// Four decisive records and a tie, worked by hand:
//   r1 human A: original A (right), swapped "B" = A (right)         -> consistent
//   r2 human A: original A (right), swapped "A" = B (wrong)         -> inconsistent (always picks first)
//   r3 human B: original A (wrong), swapped "A" = B (right)         -> inconsistent
//   r4 human B: original unusable,  swapped "A" = B (right)         -> consistency not applicable
//   r5 human tie                                                    -> not scored
const judged: JudgedRecord[] = [
  { id: "r1", humanVote: "A", subject: "Physics", questionType: "Methods", original: "A", swapped: "B" },
  { id: "r2", humanVote: "A", subject: "Physics", questionType: null, original: "A", swapped: "A" },
  { id: "r3", humanVote: "B", subject: "Biology", questionType: "Methods", original: "A", swapped: "A" },
  { id: "r4", humanVote: "B", subject: "Biology", questionType: null, original: null, swapped: "A" },
  { id: "r5", humanVote: "tie", subject: "Biology", questionType: null, original: "A", swapped: "A" },
];

describe("evaluateJudge", () => {
  const evaluation = evaluateJudge(judged, { seed: 1, bootstrapRounds: 200 });

  it("computes overall accuracy in each order and over both orders", () => {
    const { overall } = evaluation;
    expect(overall.records).toBe(4);
    expect(overall.accuracyOriginalOrder).toMatchObject({ numerator: 2, denominator: 4, value: 0.5 });
    expect(overall.accuracySwappedOrder).toMatchObject({ numerator: 3, denominator: 4, value: 0.75 });
    expect(overall.accuracy).toMatchObject({ numerator: 5, denominator: 8, value: 0.625 });
    expect(evaluation.skippedNotDecisive).toBe(1);
  });

  it("computes position consistency over records with both verdicts, and position bias", () => {
    expect(evaluation.overall.positionConsistency).toMatchObject({ numerator: 1, denominator: 3 });
    expect(evaluation.overall.positionConsistency.value).toBeCloseTo(1 / 3, 12);
    expect(evaluation.overall.firstPositionRate).toBeCloseTo(6 / 7, 12);
    expect(evaluation.overall.unparseable).toBe(1);
  });

  it("breaks accuracy down per discipline and per category", () => {
    expect(
      evaluation.bySubject.map((group) => [group.group, group.accuracyOriginalOrder.value, group.accuracySwappedOrder.value, group.accuracy.value, group.positionConsistency.value]),
    ).toEqual([
      ["Biology", 0, 1, 0.5, 0],
      ["Physics", 1, 0.5, 0.75, 0.5],
    ]);
    expect(evaluation.byQuestionType.map((group) => [group.group, group.records, group.accuracy.value])).toEqual([
      ["Methods", 2, 0.75],
      [null, 2, 0.5],
    ]);
  });

  it("gives 95% intervals that contain the estimate, and degenerate ones when every record agrees", () => {
    for (const metrics of [evaluation.overall, ...evaluation.bySubject, ...evaluation.byQuestionType]) {
      for (const proportion of [metrics.accuracy, metrics.accuracyOriginalOrder, metrics.accuracySwappedOrder]) {
        const [low, high] = proportion.ci95 ?? [NaN, NaN];
        expect(low).toBeLessThanOrEqual(proportion.value ?? NaN);
        expect(high).toBeGreaterThanOrEqual(proportion.value ?? NaN);
      }
    }
    const biology = evaluation.bySubject[0];
    expect(biology.accuracyOriginalOrder.ci95).toEqual([0, 0]);
    expect(biology.accuracySwappedOrder.ci95).toEqual([1, 1]);
  });

  it("is reproducible from the seed and independent of the input order", () => {
    expect(evaluateJudge([...judged].reverse(), { seed: 1, bootstrapRounds: 200 })).toEqual(evaluation);
    const many: JudgedRecord[] = Array.from({ length: 60 }, (_, i) => ({
      id: `m${i}`,
      humanVote: i % 2 === 0 ? "A" : "B",
      subject: null,
      questionType: null,
      original: i % 3 === 0 ? "B" : "A",
      swapped: "A",
    }));
    const first = evaluateJudge(many, { seed: 1, bootstrapRounds: 300 }).overall.accuracy.ci95;
    expect(evaluateJudge(many, { seed: 1, bootstrapRounds: 300 }).overall.accuracy.ci95).toEqual(first);
    expect(evaluateJudge(many, { seed: 2, bootstrapRounds: 300 }).overall.accuracy.ci95).not.toEqual(first);
  });

  it("reports the random baseline and the published reference points", () => {
    expect(evaluation.randomBaseline.accuracy).toBe(0.5);
    const halfWidth = 1.96 * Math.sqrt(0.25 / 4);
    expect(evaluation.randomBaseline.range95?.[0]).toBeCloseTo(0.5 - halfWidth, 12);
    expect(evaluation.randomBaseline.range95?.[1]).toBeCloseTo(0.5 + halfWidth, 12);
    expect(evaluation.references).toEqual(PUBLISHED_JUDGE_ACCURACY);
    expect(PUBLISHED_JUDGE_ACCURACY).toEqual([
      { judge: "o3", accuracy: 0.651 },
      { judge: "GPT-4.1", accuracy: 0.619 },
      { judge: "random", accuracy: 0.5 },
    ]);
  });

  it("handles no decisive records without dividing by zero", () => {
    const empty = evaluateJudge([judged[4]], { seed: 1 });
    expect(empty.overall.accuracy).toEqual({ numerator: 0, denominator: 0, value: null, ci95: null });
    expect(empty.randomBaseline.range95).toBeNull();
  });
});

describe("toJudgedRecord", () => {
  it("parses both raw judge outputs", () => {
    const record = { id: "x", vote: "B" as const, subject: "Physics", question_type: null };
    expect(toJudgedRecord(record, { original: "Response B is better.", swapped: "I refuse" })).toEqual({
      id: "x",
      humanVote: "B",
      subject: "Physics",
      questionType: null,
      original: "B",
      swapped: null,
    });
  });
});

describe("bootstrap", () => {
  it("interpolates quantiles linearly (R type 7)", () => {
    expect(quantileOfSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileOfSorted([1, 2, 3, 4], 0.025)).toBeCloseTo(1.075, 12);
    expect(quantileOfSorted([7], 0.975)).toBe(7);
  });

  it("resamples with replacement: one right and one wrong record span [0, 1]", () => {
    // Resampled accuracy is 0, 0.5 or 1 with probabilities 1/4, 1/2, 1/4.
    const [interval] = bootstrapMeanIntervals([Float64Array.from([1, 0])], new SplitMix64(3), 4000);
    expect(interval).toEqual([0, 1]);
  });

  it("leaves NaN items out of a mean", () => {
    const [interval] = bootstrapMeanIntervals([Float64Array.from([1, NaN, 1])], new SplitMix64(3), 100);
    expect(interval).toEqual([1, 1]);
  });
});
