import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ArenaLogError, parseArenaLine } from "./arena-log";
import { OUTCOME_CODE } from "./types";

describe("parseArenaLine", () => {
  it("reads the fields gen_battles.py writes", () => {
    const line = readFileSync(path.join(import.meta.dirname, "fixtures", "k10-n3000-seed7.head.jsonl"), "utf8").split("\n")[0];
    const parsed = parseArenaLine(line, 1, ["length", "citations"]);
    expect(parsed).toEqual({
      kind: "battle",
      battle: {
        modelA: "model-00",
        modelB: "model-07",
        outcome: OUTCOME_CODE.B,
        timestamp: 1700000000,
        featuresA: [1139, 1],
        featuresB: [419, 3],
      },
    });
  });

  it("maps every winner label, both-bad included", () => {
    const outcome = (winner: string) => {
      const parsed = parseArenaLine(JSON.stringify({ model_a: "x", model_b: "y", winner }), 1);
      return parsed.kind === "battle" ? parsed.battle.outcome : undefined;
    };
    expect(outcome("model_a")).toBe(OUTCOME_CODE.A);
    expect(outcome("model_b")).toBe(OUTCOME_CODE.B);
    expect(outcome("tie")).toBe(OUTCOME_CODE.TIE);
    expect(outcome("tie (bothbad)")).toBe(OUTCOME_CODE.BOTH_BAD);
  });

  it("reads features from conv_metadata and sums FastChat's count objects", () => {
    const line = JSON.stringify({
      model_a: "x",
      model_b: "y",
      winner: "tie",
      conv_metadata: { sum_assistant_a_tokens: 10, sum_assistant_b_tokens: 20, header_count_a: { h1: 1, h2: 2 }, header_count_b: {} },
    });
    const parsed = parseArenaLine(line, 3, ["sum_assistant_tokens", "header_count"]);
    expect(parsed.kind === "battle" && parsed.battle.featuresA).toEqual([10, 3]);
    expect(parsed.kind === "battle" && parsed.battle.featuresB).toEqual([20, 0]);
  });

  it("skips blank lines and, by default, non-anonymous battles", () => {
    expect(parseArenaLine("   ", 1)).toEqual({ kind: "blank" });
    const named = JSON.stringify({ model_a: "x", model_b: "y", winner: "tie", anony: false });
    expect(parseArenaLine(named, 1).kind).toBe("named");
    expect(parseArenaLine(named, 1, [], true).kind).toBe("battle");
  });

  it.each([
    ["{not json", /line 7: not valid JSON/],
    ["[1, 2]", /line 7: expected a JSON object/],
    ['{"model_b":"y","winner":"tie"}', /line 7: model_a must be a non-empty string/],
    ['{"model_a":"x","model_b":"x","winner":"tie"}', /same model/],
    ['{"model_a":"x","model_b":"y","winner":"draw"}', /line 7: winner must be one of .*got "draw"/],
    ['{"model_a":"x","model_b":"y","winner":"tie","tstamp":"noon"}', /tstamp must be a number/],
    ['{"model_a":"x","model_b":"y","winner":"tie","length_a":5}', /line 7: missing length_b \(needed for style feature "length"\)/],
    ['{"model_a":"x","model_b":"y","winner":"tie","length_a":-5,"length_b":1}', /length_a must be a finite non-negative number/],
  ])("rejects %s with the line number", (line, message) => {
    expect(() => parseArenaLine(line, 7, ["length"])).toThrow(ArenaLogError);
    expect(() => parseArenaLine(line, 7, ["length"])).toThrow(message);
  });
});
