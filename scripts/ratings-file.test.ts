import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateSyntheticBattles, syntheticJsonLine } from "@/lib/ratings";
import { InvalidInputError, main, parseArguments, readArenaLog } from "./ratings-file";

const directory = mkdtempSync(path.join(tmpdir(), "ratings-file-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function writeLog(name: string, lines: string[]): string {
  const file = path.join(directory, name);
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

describe("parseArguments", () => {
  it("fills the defaults", () => {
    const args = parseArguments(["--input", "in.jsonl", "--output", "out.json"]);
    expect(args).toMatchObject({ bootstrap: 1000, seed: 1, style: [], "min-votes": 1, l2: 0.25, "style-intervals": "bootstrap" });
  });

  it("parses features, the anchor and numbers", () => {
    const args = parseArguments(["--input", "a", "--output", "b", "--style", "length, citations", "--anchor", "model-x=1114.5", "--min-votes", "50"]);
    expect(args.style).toEqual(["length", "citations"]);
    expect(args.anchor).toEqual({ model: "model-x", rating: 1114.5 });
    expect(args["min-votes"]).toBe(50);
  });

  it.each([
    [["--output", "b"], /--input/],
    [["--input", "a", "--output", "b", "--bootstrap", "1"], /--bootstrap/],
    [["--input", "a", "--output", "b", "--style", "length,length"], /twice/],
    [["--input", "a", "--output", "b", "--anchor", "x"], /MODEL=RATING/],
    [["--input", "a", "--output", "b", "--unknown"], /Unknown option/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseArguments(argv)).toThrow(InvalidInputError);
    expect(() => parseArguments(argv)).toThrow(message);
  });
});

describe("readArenaLog", () => {
  it("reports every bad line with its number", async () => {
    const file = writeLog("bad.jsonl", [
      '{"model_a":"x","model_b":"y","winner":"model_a"}',
      "{oops",
      "",
      '{"model_a":"x","model_b":"y","winner":"draw"}',
    ]);
    await expect(readArenaLog(file, [], false, false)).rejects.toThrow(/2 bad lines\nline 2: not valid JSON.*\nline 4: winner must be one of/s);
  });

  it("requires the style fields it was asked for, and at least one battle between two models", async () => {
    const noLength = writeLog("nolength.jsonl", ['{"model_a":"x","model_b":"y","winner":"tie"}']);
    await expect(readArenaLog(noLength, ["length"], false, false)).rejects.toThrow(/line 1: missing length_a/);
    const empty = writeLog("empty.jsonl", ["", "  "]);
    await expect(readArenaLog(empty, [], false, false)).rejects.toThrow(/no battles/);
    await expect(readArenaLog(path.join(directory, "missing.jsonl"), [], false, false)).rejects.toThrow(InvalidInputError);
  });

  it("counts skipped non-anonymous battles and keeps timestamps only when all rows have one", async () => {
    const file = writeLog("named.jsonl", [
      '{"model_a":"x","model_b":"y","winner":"model_a","tstamp":2}',
      '{"model_a":"y","model_b":"z","winner":"tie","anony":false,"tstamp":1}',
      '{"model_a":"z","model_b":"x","winner":"model_b"}',
    ]);
    const log = await readArenaLog(file, [], false, false);
    expect(log.models).toEqual(["x", "y", "z"]);
    expect(log.skippedNamed).toBe(1);
    expect(log.votes.columns.modelA.length).toBe(2);
    expect(log.votes.timestamps).toBeUndefined();
  });
});

describe("ratings-file end to end", () => {
  const logFile = (() => {
    const battles = generateSyntheticBattles({ models: 10, battles: 3000, seed: 7 });
    return writeLog("k10.jsonl", Array.from({ length: 3000 }, (_, i) => syntheticJsonLine(battles, i)));
  })();
  const reference = JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "lib", "ratings", "fixtures", "k10-n3000-seed7.reference.json"), "utf8")) as {
    plain: { rating: Record<string, number> };
    style: { rating: Record<string, number>; style_coef: Record<string, number> };
  };

  it("writes ratings that match exact_reference.py to 1e-3 Elo, plain and style-controlled", async () => {
    const output = path.join(directory, "k10.ratings.json");
    const code = await main(["--input", logFile, "--output", output, "--bootstrap", "100", "--style", "length,citations", "--style-intervals", "sandwich", "--quiet"]);
    expect(code).toBe(0);
    const result = JSON.parse(readFileSync(output, "utf8")) as {
      votes: number;
      leaderboard: { rows: Array<{ model: string; rating: number; q025: number; q975: number; rank: number }> };
      styleControl: { rows: Array<{ model: string; rating: number }>; coefficients: Array<{ feature: string; value: number }> };
      onlineElo: Record<string, number>;
      matrices: { battleCounts: number[][] };
    };
    expect(result.votes).toBe(3000);
    expect(result.leaderboard.rows).toHaveLength(10);
    for (const row of result.leaderboard.rows) {
      expect(Math.abs(row.rating - reference.plain.rating[row.model])).toBeLessThan(1e-3);
      expect(row.q025).toBeLessThan(row.rating);
      expect(row.rank).toBeGreaterThanOrEqual(1);
    }
    for (const row of result.styleControl.rows) expect(Math.abs(row.rating - reference.style.rating[row.model])).toBeLessThan(1e-3);
    for (const coefficient of result.styleControl.coefficients) {
      expect(Math.abs(coefficient.value - reference.style.style_coef[coefficient.feature])).toBeLessThan(1e-6);
    }
    expect(Object.keys(result.onlineElo)).toHaveLength(10);
    expect(result.matrices.battleCounts.flat().reduce((s, n) => s + n, 0)).toBe(6000);
  });

  it("exits with 2 and names the line for a bad file, run as a real process", () => {
    const bad = writeLog("bad-process.jsonl", ['{"model_a":"x","model_b":"y","winner":"model_a"}', '{"model_a":"x","winner":"model_a"}']);
    const script = path.join(import.meta.dirname, "ratings-file.ts");
    const run = spawnSync(process.execPath, ["--import", "tsx", script, "--input", bad, "--output", path.join(directory, "never.json")], {
      cwd: path.join(import.meta.dirname, ".."),
      encoding: "utf8",
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/line 2: model_b must be a non-empty string/);
    const usage = spawnSync(process.execPath, ["--import", "tsx", script, "--input", bad], { cwd: path.join(import.meta.dirname, ".."), encoding: "utf8" });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/--output/);
  });
});
