import { describe, expect, it } from "vitest";
import { abstractFromInvertedIndex } from "./inverted-index";

describe("abstractFromInvertedIndex", () => {
  it("puts words back in position order, repeating words at each position", () => {
    expect(abstractFromInvertedIndex({ the: [0, 3], cat: [1], sat: [2], mat: [4] })).toBe("the cat sat the mat");
  });

  it("skips gaps and returns an empty string for a missing index", () => {
    expect(abstractFromInvertedIndex({ a: [0], b: [5] })).toBe("a b");
    expect(abstractFromInvertedIndex(null)).toBe("");
  });
});
