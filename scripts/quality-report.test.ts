import { describe, expect, it } from "vitest";
import { formatAgreementReport } from "./quality-report";

describe("formatAgreementReport", () => {
  it("puts 'all' first, then disciplines by name, with self-consistency and inter-annotator columns", () => {
    const text = formatAgreementReport({
      selfConsistency: [
        { group: "all", agreement: { n: 10, accuracy: 0.6, weightedKappa: 1 / 3 } },
        { group: "Healthcare", agreement: { n: 10, accuracy: 0.6, weightedKappa: 1 / 3 } },
      ],
      interAnnotator: [
        { group: "all", agreement: { n: 2, accuracy: 1, weightedKappa: null } },
        { group: "Engineering", agreement: { n: 2, accuracy: 1, weightedKappa: null } },
      ],
    });
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^discipline\s+self n\s+self acc\s+self κw\s+inter n\s+inter acc\s+inter κw$/);
    expect(lines.slice(2).map((l) => l.split(/\s{2,}/)[0].trim())).toEqual(["all", "Engineering", "Healthcare"]);
    expect(lines[2].split(/\s+/)).toEqual(["all", "10", "0.600", "0.333", "2", "1.000", "–"]);
    expect(lines[3].split(/\s+/)).toEqual(["Engineering", "0", "–", "–", "2", "1.000", "–"]);
  });
});
