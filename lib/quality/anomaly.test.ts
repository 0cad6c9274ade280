import { describe, expect, it } from "vitest";
import { detectAnomalousVoter, type TestedVote } from "./detect-anomalous-voter";
import { fisherCombine } from "./fisher-combine";
import { countOutcomes, votePValue as votePValueOfCounts, type Outcome } from "./vote-p-value";

const votePValue = (outcome: Outcome, others: Outcome[]) => votePValueOfCounts(outcome, countOutcomes(others));

const repeat = <T>(value: T, n: number): T[] => Array.from({ length: n }, () => value);

describe("votePValue", () => {
  it("is 1 for a vote in line with the others", () => {
    // outcome 1 vs [1, 1, .5, 0, 0]: upper = (1 + 2)/6 = .5, lower = (1 + 5)/6 = 1, p = min(1, 2·.5) = 1.
    expect(votePValue(1, [1, 1, 0.5, 0, 0])).toBe(1);
  });

  it("is small for a loss where nine others saw a win or a tie", () => {
    // outcome 0 vs eight 1s and one .5: lower = (1 + 0)/10 = .1, upper = 1, p = 2·.1 = .2.
    expect(votePValue(0, [1, 1, 1, 1, 0.5, 1, 1, 1, 1])).toBeCloseTo(0.2, 15);
  });

  it("treats a tie against unanimous wins as unusual too, and is 1 without others", () => {
    // outcome .5 vs four 1s: lower = 1/5, p = .4.
    expect(votePValue(0.5, [1, 1, 1, 1])).toBeCloseTo(0.4, 15);
    expect(votePValue(1, [])).toBe(1);
  });

  it("counts ties on both sides for a tie: .5 vs [0, .5, 1] gives upper = lower = 3/4, p = 1", () => {
    expect(votePValue(0.5, [0, 0.5, 1])).toBe(1);
    // .5 vs [1, 1, .5]: lower = (1 + 1)/4 = .5, p = 1; vs [1, 1, 1]: lower = 1/4, p = .5.
    expect(votePValue(0.5, [1, 1, 1])).toBeCloseTo(0.5, 15);
  });

  it("is symmetric: an unusual win is as unusual as the mirrored loss", () => {
    expect(votePValue(1, [0, 0, 0, 0.5])).toBe(votePValue(0, [1, 1, 1, 0.5]));
  });
});

describe("fisherCombine", () => {
  it("matches the hand computation for two p-values: pValue = q(1 - ln q), q = p1·p2", () => {
    // M = -2(ln .1 + ln .2) = -2 ln .02 = 7.824046010856292; chi²(4) tail e^{-M/2}(1 + M/2) = .02(1 - ln .02).
    const result = fisherCombine([0.1, 0.2]);
    expect(result.statistic).toBeCloseTo(-2 * Math.log(0.02), 12);
    expect(result.statistic).toBeCloseTo(7.824046010856292, 12);
    expect(result.degreesOfFreedom).toBe(4);
    expect(result.pValue).toBeCloseTo(0.02 * (1 - Math.log(0.02)), 14);
  });

  it("gives M = 0 and p = 1 when every p-value is 1", () => {
    expect(fisherCombine([1, 1, 1])).toEqual({ statistic: 0, degreesOfFreedom: 6, pValue: 1 });
  });

  it("refuses p-values outside (0, 1] and an empty list", () => {
    expect(() => fisherCombine([])).toThrow(RangeError);
    expect(() => fisherCombine([0])).toThrow(RangeError);
    expect(() => fisherCombine([1.2])).toThrow(RangeError);
  });
});

describe("detectAnomalousVoter", () => {
  // A vote against 19 others who all saw the opposite: lower = 1/20, p = .1 exactly.
  const against: TestedVote = { outcome: 0, others: countOutcomes(repeat<Outcome>(1, 19)) };
  const along: TestedVote = { outcome: 1, others: countOutcomes(repeat<Outcome>(1, 19)) };

  it("does not flag two p = .1 votes: M = -4 ln .1 = 9.2103 is below chi²(4) at .95 = 9.4877", () => {
    const result = detectAnomalousVoter([against, against], { checkpoints: [2], alpha: 0.05, minOthers: 1 });
    expect(result.checkpoints[0].statistic).toBeCloseTo(-4 * Math.log(0.1), 12);
    expect(result.checkpoints[0].threshold).toBeCloseTo(9.487729036781154, 8);
    expect(result.flagged).toBe(false);
  });

  it("flags three: M = -6 ln .1 = 13.8155 is above chi²(6) at .95 = 12.5916", () => {
    const result = detectAnomalousVoter([against, against, against], { checkpoints: [3], alpha: 0.05, minOthers: 1 });
    expect(result.checkpoints[0].threshold).toBeCloseTo(12.591587243743977, 8);
    expect(result.flagged).toBe(true);
    expect(result.decisive?.votes).toBe(3);
  });

  it("splits alpha over the checkpoints: with two, the same three votes face chi²(6) at .975 = 14.4494 and pass", () => {
    const result = detectAnomalousVoter([against, against, against, along], { checkpoints: [3, 10], alpha: 0.05, minOthers: 1 });
    expect(result.checkpoints).toHaveLength(1); // 10 votes not reached yet
    expect(result.checkpoints[0].threshold).toBeCloseTo(14.449375335447922, 8);
    expect(result.flagged).toBe(false);
  });

  it("never flags a voter who agrees with everyone, and skips votes with too few others", () => {
    const agreeing = detectAnomalousVoter(repeat(along, 100), { checkpoints: [10, 20, 50, 100], alpha: 0.05, minOthers: 5 });
    expect(agreeing.checkpoints.map((c) => c.statistic)).toEqual([0, 0, 0, 0]);
    expect(agreeing.flagged).toBe(false);
    const sparse = detectAnomalousVoter([...repeat(against, 3), { outcome: 0, others: countOutcomes([1, 1]) }], { checkpoints: [3, 4], alpha: 0.05, minOthers: 5 });
    expect(sparse.testedVotes).toBe(3);
    expect(sparse.checkpoints.map((c) => c.votes)).toEqual([3]);
  });

  it("flags at the first checkpoint where the evidence is enough, ten contrarian votes out of ten", () => {
    // M = -20 ln .1 = 46.05 against chi²(20) at 1 - .05/4 = .9875 (about 36.8): flagged at 10.
    const result = detectAnomalousVoter(repeat(against, 60), { checkpoints: [10, 20, 50, 100], alpha: 0.05, minOthers: 5 });
    expect(result.flagged).toBe(true);
    expect(result.decisive?.votes).toBe(10);
    expect(result.decisive?.statistic).toBeCloseTo(-20 * Math.log(0.1), 10);
  });
});
