// Agreement with the exact optima of shared/bench/ratings/exact_reference.py on logs of gen_battles.py,
// committed under fixtures/ (see fixtures/README.md), so that no Python is needed here.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fitBradleyTerry } from "./bradley-terry";
import { onlineElo } from "./online-elo";
import { aggregateColumns } from "./pair-counts";
import { fitStyleControl } from "./style-control";
import { normalizedDifferenceColumn, prepareStyleData } from "./style-features";
import { generateSyntheticBattles } from "./synthetic";
import type { VoteColumns } from "./types";

const FIXTURES = path.join(import.meta.dirname, "fixtures");

interface ReferenceFile {
  n_battles: number;
  true_elo: Record<string, number>;
  plain: { rating: Record<string, number> };
  style: { rating: Record<string, number>; style_coef: Record<string, number>; features: string[] };
  online_elo: { rating: Record<string, number> };
}

interface FixtureLog extends VoteColumns {
  modelCount: number;
  lengthA: Float64Array;
  lengthB: Float64Array;
  citationsA: Float64Array;
  citationsB: Float64Array;
}

function readLog(name: string): FixtureLog {
  const lines = readFileSync(path.join(FIXTURES, `${name}.tsv`), "utf8").trimEnd().split("\n");
  const n = lines.length;
  const log: FixtureLog = {
    modelCount: 0,
    modelA: new Int32Array(n),
    modelB: new Int32Array(n),
    outcome: new Uint8Array(n),
    lengthA: new Float64Array(n),
    lengthB: new Float64Array(n),
    citationsA: new Float64Array(n),
    citationsB: new Float64Array(n),
  };
  lines.forEach((line, v) => {
    const [a, b, outcome, lengthA, lengthB, citationsA, citationsB] = line.split(" ").map(Number);
    log.modelA[v] = a;
    log.modelB[v] = b;
    log.outcome[v] = outcome;
    log.lengthA[v] = lengthA;
    log.lengthB[v] = lengthB;
    log.citationsA[v] = citationsA;
    log.citationsB[v] = citationsB;
    log.modelCount = Math.max(log.modelCount, a + 1, b + 1);
  });
  return log;
}

function readReference(name: string): ReferenceFile {
  return JSON.parse(readFileSync(path.join(FIXTURES, `${name}.reference.json`), "utf8")) as ReferenceFile;
}

const modelName = (index: number) => `model-${String(index).padStart(2, "0")}`;

describe.each(["k10-n3000-seed7", "k12-n600-seed3"])("exact_reference.py agreement on %s", (name) => {
  const log = readLog(name);
  const reference = readReference(name);

  it("has the whole log", () => {
    expect(log.modelA.length).toBe(reference.n_battles);
  });

  it("plain Bradley-Terry matches to 1e-3 Elo", () => {
    const fit = fitBradleyTerry(aggregateColumns(log, log.modelCount));
    expect(fit.priorApplied).toBe(false);
    expect(fit.converged).toBe(true);
    for (let i = 0; i < log.modelCount; i++) {
      expect(Math.abs(fit.ratings[i] - reference.plain.rating[modelName(i)])).toBeLessThan(1e-3);
    }
  });

  it("online Elo (K = 4, vote order) matches fastchat_style_bt.py", () => {
    const ratings = onlineElo(log, log.modelCount);
    for (let i = 0; i < log.modelCount; i++) {
      expect(Math.abs(ratings[i] - reference.online_elo.rating[modelName(i)])).toBeLessThan(1e-9);
    }
  });

  it("style control (length, citations; Arena L2 0.25) matches ratings to 1e-3 Elo and coefficients to 1e-6", () => {
    const data = prepareStyleData(log, log.modelCount, [
      { name: "length", difference: normalizedDifferenceColumn(log.lengthA, log.lengthB) },
      { name: "citations", difference: normalizedDifferenceColumn(log.citationsA, log.citationsB) },
    ]);
    const fit = fitStyleControl(data);
    expect(fit.converged).toBe(true);
    for (let i = 0; i < log.modelCount; i++) {
      expect(Math.abs(fit.ratings[i] - reference.style.rating[modelName(i)])).toBeLessThan(1e-3);
    }
    expect(Math.abs(fit.coefficients[0] - reference.style.style_coef.length)).toBeLessThan(1e-6);
    expect(Math.abs(fit.coefficients[1] - reference.style.style_coef.citations)).toBeLessThan(1e-6);
  });
});

describe("gen_battles.py port", () => {
  it("regenerates the committed log vote for vote", () => {
    const log = readLog("k10-n3000-seed7");
    const generated = generateSyntheticBattles({ models: 10, battles: 3000, seed: 7 });
    expect(Array.from(generated.modelA)).toEqual(Array.from(log.modelA));
    expect(Array.from(generated.modelB)).toEqual(Array.from(log.modelB));
    expect(Array.from(generated.outcome)).toEqual(Array.from(log.outcome));
    expect(Array.from(generated.lengthA)).toEqual(Array.from(log.lengthA));
    expect(Array.from(generated.citationsB)).toEqual(Array.from(log.citationsB));
    const truth = readReference("k10-n3000-seed7").true_elo;
    generated.trueElo.forEach((elo, i) => expect(elo).toBeCloseTo(truth[modelName(i)], 9));
  });

  it("regenerates the second committed log with non-default parameters", () => {
    const log = readLog("k12-n600-seed3");
    const generated = generateSyntheticBattles({ models: 12, battles: 600, seed: 3, eloSd: 200, betaLength: 1.5, betaCitations: 0.6 });
    expect(Array.from(generated.outcome)).toEqual(Array.from(log.outcome));
    expect(Array.from(generated.lengthB)).toEqual(Array.from(log.lengthB));
  });
});
