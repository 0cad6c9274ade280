import { describe, expect, it } from "vitest";
import { computeAgreement, type Choice, type LabelPair } from "./agreement";
import { agreementByGroup } from "./agreement-by-group";

const pairs = (list: [Choice, Choice][]): LabelPair[] => list.map(([first, second]) => ({ first, second }));

// Hand-computed example (levels: A = 0, tie/both-bad = 1, B = 2; linear weights 1, 0.5, 0):
//   pair    1 A/A  2 A/A  3 A/TIE  4 B/B  5 B/B  6 B/A  7 TIE/TIE  8 BOTH_BAD/TIE  9 A/B  10 TIE/A
//   levels  0/0    0/0    0/1      2/2    2/2    2/0    1/1        1/1            0/2    1/0
//   same level: 1 2 4 5 7 8 -> accuracy 6/10 = 0.6
//   weights: 1 1 .5 1 1 0 1 1 0 .5 -> observed Po = 7/10 = 0.7
//   first labels per level (4, 3, 3)/10; second labels (4, 3, 3)/10
//   expected Pe = .4(1·.4 + .5·.3) + .3(.5·.4 + 1·.3 + .5·.3) + .3(.5·.3 + 1·.3) = .22 + .195 + .135 = .55
//   kappa_w = (.7 - .55) / (1 - .55) = 1/3
const EXAMPLE = pairs([
  ["A", "A"],
  ["A", "A"],
  ["A", "TIE"],
  ["B", "B"],
  ["B", "B"],
  ["B", "A"],
  ["TIE", "TIE"],
  ["BOTH_BAD", "TIE"],
  ["A", "B"],
  ["TIE", "A"],
]);

describe("computeAgreement", () => {
  it("matches the hand-computed accuracy and linearly weighted kappa", () => {
    const result = computeAgreement(EXAMPLE);
    expect(result.n).toBe(10);
    expect(result.accuracy).toBeCloseTo(0.6, 12);
    expect(result.weightedKappa).toBeCloseTo(1 / 3, 12);
  });

  it("gives half credit one level apart: one A/TIE disagreement among otherwise perfect pairs", () => {
    // levels 0/0, 2/2, 0/1, 1/1: Po = (1 + 1 + .5 + 1)/4 = .875; rows (2,1,1)/4, columns (1,2,1)/4;
    // Pe = .5(1·.25 + .5·.5) + .25(.5·.25 + .5 + .5·.25) + .25(.5·.5 + .25) = .25 + .1875 + .125 = .5625;
    // kappa = (.875 - .5625)/(1 - .5625) = .3125/.4375 = 5/7.
    const result = computeAgreement(pairs([["A", "A"], ["B", "B"], ["A", "TIE"], ["TIE", "TIE"]]));
    expect(result.accuracy).toBeCloseTo(0.75, 12);
    expect(result.weightedKappa).toBeCloseTo(5 / 7, 12);
  });

  it("is 1 for perfect agreement and -1 for perfectly opposite answers on a balanced set", () => {
    expect(computeAgreement(pairs([["A", "A"], ["B", "B"], ["TIE", "BOTH_BAD"]])).weightedKappa).toBeCloseTo(1, 12);
    // levels 0/2 and 2/0: Po = 0; rows and columns (.5, 0, .5); Pe = .25 + .25 = .5; kappa = -.5/.5 = -1.
    expect(computeAgreement(pairs([["A", "B"], ["B", "A"]])).weightedKappa).toBeCloseTo(-1, 12);
  });

  it("has no kappa when every label is on one level (chance agreement is already perfect)", () => {
    const result = computeAgreement(pairs([["A", "A"], ["A", "A"]]));
    expect(result.accuracy).toBe(1);
    expect(result.weightedKappa).toBeNull();
    expect(computeAgreement([]).n).toBe(0);
  });
});

describe("agreementByGroup", () => {
  it("reports every group and all pairs together", () => {
    const grouped = [
      ...EXAMPLE.map((p) => ({ ...p, group: "Healthcare" })),
      ...pairs([["A", "A"], ["B", "B"]]).map((p) => ({ ...p, group: "Engineering" })),
    ];
    const result = agreementByGroup(grouped);
    expect(result.map((r) => r.group)).toEqual(["all", "Engineering", "Healthcare"]);
    expect(result[2].agreement.weightedKappa).toBeCloseTo(1 / 3, 12);
    expect(result[1].agreement.weightedKappa).toBeCloseTo(1, 12);
    expect(result[0].agreement.n).toBe(12);
    expect(result[0].agreement.accuracy).toBeCloseTo(8 / 12, 12);
  });
});
