import { describe, expect, it } from "vitest";
import { checkCitations } from "./citations";

describe("checkCitations", () => {
  it("keeps valid numbers in order of first appearance", () => {
    const r = checkCitations("A [2]. B [1][2]. C [3].", 3);
    expect(r.cited).toEqual([2, 1, 3]);
    expect(r.dropped).toBe(0);
    expect(r.text).toBe("A [2]. B [1][2]. C [3].");
  });

  it("expands groups and ranges", () => {
    const r = checkCitations("X [1, 3] and Y [4-6].", 10);
    expect(r.text).toBe("X [1][3] and Y [4][5][6].");
    expect(r.cited).toEqual([1, 3, 4, 5, 6]);
  });

  it("drops and counts numbers outside the list", () => {
    const r = checkCitations("Claim [2]. Wrong [7]. Mixed [1, 9].", 3);
    expect(r.text).toBe("Claim [2]. Wrong. Mixed [1].");
    expect(r.cited).toEqual([2, 1]);
    expect(r.dropped).toBe(2);
  });

  it("drops [0] and leaves non-numeric brackets alone", () => {
    const r = checkCitations("See [0] and [note].", 5);
    expect(r.text).toBe("See and [note].");
    expect(r.dropped).toBe(1);
  });
});
