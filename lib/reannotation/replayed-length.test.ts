import { describe, expect, it } from "vitest";
import { replayedLength } from "./replayed-length";

const TEXT = "aaaa bbbb cccc dddd"; // 19 characters, spaces at 4, 9, 14

describe("replayedLength", () => {
  const timing = { firstTokenMs: 1000, totalMs: 3000 };

  it("shows nothing before the original's first token", () => {
    expect(replayedLength(TEXT, 0, timing)).toBe(0);
    expect(replayedLength(TEXT, 999, timing)).toBe(0);
  });

  it("reveals evenly between the first token and the total time, at word boundaries", () => {
    // Halfway (2000 ms): 19 · 1000/2000 = 9.5 -> 9 -> the space at 9: "aaaa bbbb".
    expect(replayedLength(TEXT, 2000, timing)).toBe(9);
    // 2600 ms: 19 · 1600/2000 = 15.2 -> 15 -> the space at 14.
    expect(replayedLength(TEXT, 2600, timing)).toBe(14);
  });

  it("shows everything once the original's total time has passed", () => {
    expect(replayedLength(TEXT, 3000, timing)).toBe(19);
    expect(replayedLength(TEXT, 1e9, timing)).toBe(19);
  });

  it("shows everything at once when the original has no timing", () => {
    expect(replayedLength(TEXT, 0, { firstTokenMs: null, totalMs: null })).toBe(19);
  });
});
