import { describe, expect, it } from "vitest";
import { SCOPES } from "./fixtures";
import { parseViewPath, scopeLabel, slugify, viewPath } from "./view-path";

describe("leaderboard view paths", () => {
  it("slugifies scope names", () => {
    expect(slugify("Humanities & Social Science")).toBe("humanities-social-science");
    expect(slugify("Éthique / IA")).toBe("ethique-ia");
    expect(slugify("&&")).toBe("scope");
  });

  it("round-trips every scope, with and without style control", () => {
    for (const scope of SCOPES) {
      for (const style of [false, true]) {
        const path = viewPath(scope, style);
        const segments = path.split("/").slice(2).filter(Boolean);
        expect(parseViewPath(segments, SCOPES)).toEqual({ scope, styleControl: style });
      }
    }
    expect(viewPath(SCOPES[0], false)).toBe("/leaderboard");
    expect(viewPath(SCOPES[1], true)).toBe("/leaderboard/discipline/humanities-social-science/style-control");
  });

  it("names no view for unknown paths", () => {
    for (const segments of [["discipline"], ["discipline", "nope"], ["category", "humanities-social-science"], ["x", "methods"], ["style-control", "x"]]) {
      expect(parseViewPath(segments, SCOPES)).toBeNull();
    }
    expect(parseViewPath(["category", "methods"], SCOPES)?.scope.key).toBe("category:Methods");
    expect(parseViewPath(["category", "%6Dethods"], SCOPES)?.scope.key).toBe("category:Methods");
  });

  it("labels scopes for people", () => {
    expect(SCOPES.map(scopeLabel)).toEqual(["All questions", "Humanities & Social Science", "Question type: Methods"]);
  });
});
