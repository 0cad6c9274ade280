import { describe, expect, it } from "vitest";
import { compareScopes, normalizeScopeName, OVERALL, parseScope, scopeOf } from "./scope";

describe("scopes", () => {
  it("round-trips stored keys", () => {
    for (const scope of [OVERALL, scopeOf("discipline", "Humanities & Social Science"), scopeOf("category", "a:b")]) {
      expect(parseScope(scope.key)).toEqual(scope);
    }
    expect(scopeOf("category", "Methods").key).toBe("category:Methods");
  });

  it("refuses what is not a scope", () => {
    for (const key of ["", "overall:x", "discipline:", "discipline:  ", "field:Physics", "Healthcare"]) expect(parseScope(key)).toBeNull();
  });

  it("orders overall, disciplines, categories, each alphabetically", () => {
    const scopes = [scopeOf("category", "B"), scopeOf("discipline", "Z"), OVERALL, scopeOf("discipline", "A"), scopeOf("category", "A")];
    expect(scopes.sort(compareScopes).map((s) => s.key)).toEqual(["overall", "discipline:A", "discipline:Z", "category:A", "category:B"]);
  });

  it("treats blank names as no scope", () => {
    expect(normalizeScopeName(null)).toBeNull();
    expect(normalizeScopeName("  ")).toBeNull();
    expect(normalizeScopeName(" Healthcare ")).toBe("Healthcare");
  });
});
