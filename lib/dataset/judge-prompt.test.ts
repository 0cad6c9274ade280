import { describe, expect, it } from "vitest";
import { buildJudgePrompt, verdictForRecord } from "./judge-prompt";

const item = { question: "What limits CRISPR delivery?", responseA: "FIRST-RESPONSE", responseB: "SECOND-RESPONSE" };

describe("buildJudgePrompt", () => {
  it("shows the question and the responses in the record's order, and asks for A or B", () => {
    const prompt = buildJudgePrompt(item, "original");
    expect(prompt).toContain("What limits CRISPR delivery?");
    expect(prompt.indexOf("Response A:\nFIRST-RESPONSE")).toBeGreaterThan(prompt.indexOf("What limits"));
    expect(prompt.indexOf("Response B:\nSECOND-RESPONSE")).toBeGreaterThan(prompt.indexOf("FIRST-RESPONSE"));
    expect(prompt).toMatch(/"A" or "B"\.$/);
  });

  it("swaps the responses for the second order", () => {
    const prompt = buildJudgePrompt(item, "swapped");
    expect(prompt).toContain("Response A:\nSECOND-RESPONSE");
    expect(prompt).toContain("Response B:\nFIRST-RESPONSE");
  });
});

describe("verdictForRecord", () => {
  it("maps a verdict given in swapped order back to the record's sides", () => {
    expect(verdictForRecord("A", "original")).toBe("A");
    expect(verdictForRecord("A", "swapped")).toBe("B");
    expect(verdictForRecord("B", "swapped")).toBe("A");
    expect(verdictForRecord(null, "swapped")).toBeNull();
  });
});
