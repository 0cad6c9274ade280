import { OUTCOME_CODE, type OutcomeCode } from "./types";

/** Chatbot Arena's `winner` values and the outcome each stands for. */
export const ARENA_WINNERS: Readonly<Record<string, OutcomeCode>> = {
  model_a: OUTCOME_CODE.A,
  model_b: OUTCOME_CODE.B,
  tie: OUTCOME_CODE.TIE,
  "tie (bothbad)": OUTCOME_CODE.BOTH_BAD,
};

/** Field names FastChat stores under conv_metadata that do not follow FEATURE_a / FEATURE_b. */
const FEATURE_FIELD_ALIASES: Readonly<Record<string, readonly [string, string]>> = {
  sum_assistant_tokens: ["sum_assistant_a_tokens", "sum_assistant_b_tokens"],
};

export interface ArenaBattle {
  modelA: string;
  modelB: string;
  outcome: OutcomeCode;
  /** `tstamp` when present (orders online Elo), else undefined. */
  timestamp: number | undefined;
  /** Raw feature values for side A and B, in the order of the requested features. */
  featuresA: number[];
  featuresB: number[];
}

export type ArenaLine =
  | { kind: "blank" }
  | { kind: "named"; reason: string } // `anony: false`, skipped as Chatbot Arena does
  | { kind: "battle"; battle: ArenaBattle };

/** A line of an Arena log that cannot be used, with its 1-based line number. */
export class ArenaLogError extends Error {
  constructor(
    readonly lineNumber: number,
    readonly detail: string,
  ) {
    super(`line ${lineNumber}: ${detail}`);
    this.name = "ArenaLogError";
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function featureValue(row: Record<string, unknown>, key: string, lineNumber: number): number | undefined {
  const metadata = isRecord(row.conv_metadata) ? row.conv_metadata : undefined;
  const raw = key in row ? row[key] : metadata?.[key];
  if (raw === undefined || raw === null) return undefined;
  // FastChat keeps some counts as {kind: count} objects (e.g. header_count); their total is the feature.
  const value = isRecord(raw) ? Object.values(raw).reduce<number>((sum, v) => sum + (typeof v === "number" ? v : Number.NaN), 0) : raw;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new ArenaLogError(lineNumber, `${key} must be a finite non-negative number, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/**
 * Parse one line of an Arena-format JSONL log:
 * `{"model_a", "model_b", "winner": "model_a" | "model_b" | "tie" | "tie (bothbad)", "tstamp"?, "anony"?,
 *   "<feature>_a"?, "<feature>_b"?}`; feature fields may also sit in `conv_metadata`.
 * @param features style features to read (e.g. ["length", "citations"]); each must be present.
 * @param includeNamed keep rows with `anony: false` (dropped by default, as Chatbot Arena's leaderboard does).
 * @throws ArenaLogError with the line number and what is wrong.
 */
export function parseArenaLine(line: string, lineNumber: number, features: readonly string[] = [], includeNamed = false): ArenaLine {
  const text = line.trim();
  if (text === "") return { kind: "blank" };
  let row: unknown;
  try {
    row = JSON.parse(text);
  } catch (error) {
    throw new ArenaLogError(lineNumber, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isRecord(row)) throw new ArenaLogError(lineNumber, "expected a JSON object");
  const modelA = row.model_a;
  const modelB = row.model_b;
  if (typeof modelA !== "string" || modelA === "") throw new ArenaLogError(lineNumber, "model_a must be a non-empty string");
  if (typeof modelB !== "string" || modelB === "") throw new ArenaLogError(lineNumber, "model_b must be a non-empty string");
  if (modelA === modelB) throw new ArenaLogError(lineNumber, `model_a and model_b are the same model (${modelA})`);
  const winner = row.winner;
  const outcome = typeof winner === "string" ? ARENA_WINNERS[winner] : undefined;
  if (outcome === undefined) {
    throw new ArenaLogError(lineNumber, `winner must be one of ${Object.keys(ARENA_WINNERS).map((w) => JSON.stringify(w)).join(", ")}; got ${JSON.stringify(winner)}`);
  }
  if (row.anony === false && !includeNamed) return { kind: "named", reason: "anony is false" };
  let timestamp: number | undefined;
  if (row.tstamp !== undefined && row.tstamp !== null) {
    if (typeof row.tstamp !== "number" || !Number.isFinite(row.tstamp)) {
      throw new ArenaLogError(lineNumber, `tstamp must be a number, got ${JSON.stringify(row.tstamp)}`);
    }
    timestamp = row.tstamp;
  }
  const featuresA: number[] = [];
  const featuresB: number[] = [];
  for (const name of features) {
    const [keyA, keyB] = FEATURE_FIELD_ALIASES[name] ?? [`${name}_a`, `${name}_b`];
    const valueA = featureValue(row, keyA, lineNumber);
    const valueB = featureValue(row, keyB, lineNumber);
    if (valueA === undefined || valueB === undefined) {
      throw new ArenaLogError(lineNumber, `missing ${valueA === undefined ? keyA : keyB} (needed for style feature "${name}")`);
    }
    featuresA.push(valueA);
    featuresB.push(valueB);
  }
  return { kind: "battle", battle: { modelA, modelB, outcome, timestamp, featuresA, featuresB } };
}
