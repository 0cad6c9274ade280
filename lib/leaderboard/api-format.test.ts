import { describe, expect, it } from "vitest";
import { apiCsv, apiJson, apiRows, csvCell, CSV_COLUMNS } from "./api-format";
import { VIEW } from "./fixtures";

describe("leaderboard API format", () => {
  it("has SciArena's row fields", () => {
    const [row] = apiRows(VIEW);
    expect(row).toMatchObject({
      modelId: "alpha",
      rating: 1050,
      rank: 1,
      num_battles: 100,
      rating_q025: 1030,
      rating_q975: 1070,
      variance: 100,
      cost_per_100_calls_usd: 1.25,
    });
    expect(apiRows(VIEW)[1]).toMatchObject({ provisional: true, flags: ["undefeated"], cost_per_100_calls_usd: null, license: "proprietary" });
  });

  it("describes the run and scope, and adds pair counts only when asked", () => {
    const json = apiJson(VIEW, { matrices: false });
    expect(json.run).toEqual({ id: "run1", finished_at: "2026-11-30T14:05:00.000Z", votes: 300, code_version: "v0.1.0", bootstrap_rounds: 1000 });
    expect(json.scopes.map((s) => s.scope)).toEqual(["overall", "discipline:Humanities & Social Science", "category:Methods"]);
    expect(json).not.toHaveProperty("pair_counts");
    expect(json).not.toHaveProperty("style_coefficients");
    expect(apiJson(VIEW, { matrices: true }).pair_counts?.wins[0][1]).toBe(30);
    expect(apiJson({ ...VIEW, styleControl: true, coefficients: [{ feature: "length", value: 0.3, q025: 0.2, q975: 0.4 }] }, { matrices: false }).style_coefficients).toEqual([
      { feature: "length", value: 0.3, q025: 0.2, q975: 0.4 },
    ]);
  });

  it("escapes CSV cells and defuses spreadsheet formulas", () => {
    expect(csvCell('Alpha, "large"')).toBe('"Alpha, ""large"""');
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell(-3.5)).toBe("-3.5");
    expect(csvCell(null)).toBe("");
    expect(csvCell(["a", "b"])).toBe("a;b");
    const lines = apiCsv(VIEW).split("\r\n");
    expect(lines[0]).toBe(CSV_COLUMNS.join(","));
    expect(lines).toHaveLength(5);
    expect(lines[2]).toContain("'=HYPERLINK(1)");
  });
});
