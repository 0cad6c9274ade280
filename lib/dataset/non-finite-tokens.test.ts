import { describe, expect, it } from "vitest";
import { replaceNonFiniteTokens } from "./non-finite-tokens";

describe("replaceNonFiniteTokens", () => {
  it("replaces bare NaN and infinities with null", () => {
    expect(replaceNonFiniteTokens('{"year": NaN, "a": [Infinity, -Infinity,NaN]}')).toBe('{"year": null, "a": [null, null,null]}');
  });

  it("leaves NaN inside strings, including after escaped quotes, untouched", () => {
    const json = '{"question": "Is NaN a number? \\"NaN\\" Infinity", "x": NaN}';
    expect(JSON.parse(replaceNonFiniteTokens(json))).toEqual({ question: 'Is NaN a number? "NaN" Infinity', x: null });
  });

  it("returns text without such tokens unchanged", () => {
    const json = '{"a": 1}';
    expect(replaceNonFiniteTokens(json)).toBe(json);
  });
});
