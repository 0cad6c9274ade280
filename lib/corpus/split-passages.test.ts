import { describe, expect, it } from "vitest";
import { estimateTokens, MAX_PASSAGE_TOKENS, splitPassages, splitSentences } from "./split-passages";

describe("splitSentences", () => {
  it("splits on sentence ends and keeps abbreviations and decimals", () => {
    expect(splitSentences("We use e.g. Adam. The loss fell to 3.5 units. Done!")).toEqual([
      "We use e.g. Adam.",
      "The loss fell to 3.5 units.",
      "Done!",
    ]);
  });

  it("returns nothing for blank text", () => {
    expect(splitSentences("   \n ")).toEqual([]);
  });
});

describe("splitPassages", () => {
  it("keeps a short abstract whole", () => {
    const text = "One sentence here. Another sentence there.";
    expect(splitPassages(text)).toEqual([text]);
    expect(splitPassages("  One  sentence\nhere.  ")).toEqual(["One sentence here."]);
    expect(splitPassages(" \n ")).toEqual([]);
  });

  it("never exceeds the token budget and loses no words", () => {
    const sentence = "Protein folding kinetics depend on temperature and solvent conditions in vitro.";
    const text = Array.from({ length: 120 }, () => sentence).join(" ");
    const passages = splitPassages(text);
    expect(passages.length).toBeGreaterThan(1);
    for (const p of passages) expect(estimateTokens(p)).toBeLessThanOrEqual(MAX_PASSAGE_TOKENS);
    expect(passages.join(" ")).toBe(text);
  });

  it("cuts a run-on sentence by words", () => {
    const text = Array.from({ length: 1000 }, (_, i) => `w${i}`).join(" ");
    const passages = splitPassages(text, 100);
    for (const p of passages) expect(estimateTokens(p)).toBeLessThanOrEqual(100);
    expect(passages.join(" ")).toBe(text);
  });
});
