import type { VoteColumns } from "./types";

/** One style feature as a column over votes: the normalised difference d = (f_a − f_b) / (f_a + f_b + 1). */
export interface StyleFeatureColumn {
  name: string;
  difference: Float64Array;
}

/** (f_a − f_b) / (f_a + f_b + 1), the scale-free difference Chatbot Arena uses for style features. */
export function normalizedDifference(valueA: number, valueB: number): number {
  return (valueA - valueB) / (valueA + valueB + 1);
}

export function normalizedDifferenceColumn(valuesA: ArrayLike<number>, valuesB: ArrayLike<number>): Float64Array {
  if (valuesA.length !== valuesB.length) throw new RangeError(`feature columns differ in length: ${valuesA.length}, ${valuesB.length}`);
  const out = new Float64Array(valuesA.length);
  for (let v = 0; v < out.length; v++) out[v] = normalizedDifference(valuesA[v], valuesB[v]);
  return out;
}

/**
 * Votes and standardised features ready for the contextual Bradley-Terry fit. Only the models in the fit are
 * kept (re-indexed), and features are z-scored over the kept votes (population sd; a constant feature keeps
 * sd 1), as FastChat does. Memory: the vote columns plus one Float64Array of votes × features.
 */
export interface StyleData {
  modelCount: number;
  voteCount: number;
  modelA: Int32Array;
  modelB: Int32Array;
  outcome: Uint8Array;
  featureCount: number;
  featureNames: string[];
  /** Row-major votes × features, z-scored. */
  features: Float64Array;
  featureMeans: Float64Array;
  featureSds: Float64Array;
}

/**
 * @param models which of the `modelCount` models to fit, in the order of the result (default: all). Votes
 *   involving any other model are dropped.
 */
export function prepareStyleData(
  votes: VoteColumns,
  modelCount: number,
  featureColumns: readonly StyleFeatureColumn[],
  models?: readonly number[],
): StyleData {
  const total = votes.modelA.length;
  if (votes.modelB.length !== total || votes.outcome.length !== total) throw new RangeError("vote columns differ in length");
  for (const column of featureColumns) {
    if (column.difference.length !== total) {
      throw new RangeError(`feature ${column.name} has ${column.difference.length} values for ${total} votes`);
    }
  }
  const newIndex = new Int32Array(modelCount).fill(-1);
  const kept = models ?? Array.from({ length: modelCount }, (_, i) => i);
  kept.forEach((model, position) => {
    if (!Number.isInteger(model) || model < 0 || model >= modelCount) throw new RangeError(`model ${model} is not in [0, ${modelCount})`);
    newIndex[model] = position;
  });

  let keptVotes = 0;
  for (let v = 0; v < total; v++) {
    const a = votes.modelA[v];
    const b = votes.modelB[v];
    if (!(a >= 0 && a < modelCount && b >= 0 && b < modelCount) || a === b) throw new RangeError(`vote ${v}: bad model indices a=${a}, b=${b}`);
    if (votes.outcome[v] > 3) throw new RangeError(`vote ${v}: unknown outcome code ${votes.outcome[v]}`);
    if (newIndex[a] >= 0 && newIndex[b] >= 0) keptVotes += 1;
  }
  const reindexed = models !== undefined && (keptVotes !== total || kept.some((model, position) => model !== position));
  const modelA = reindexed ? new Int32Array(keptVotes) : votes.modelA;
  const modelB = reindexed ? new Int32Array(keptVotes) : votes.modelB;
  const outcome = reindexed ? new Uint8Array(keptVotes) : votes.outcome;
  const S = featureColumns.length;
  const features = new Float64Array(keptVotes * S);
  let row = 0;
  for (let v = 0; v < total; v++) {
    const a = newIndex[votes.modelA[v]];
    const b = newIndex[votes.modelB[v]];
    if (a < 0 || b < 0) continue;
    if (reindexed) {
      modelA[row] = a;
      modelB[row] = b;
      outcome[row] = votes.outcome[v];
    }
    for (let s = 0; s < S; s++) {
      const value = featureColumns[s].difference[v];
      if (!Number.isFinite(value)) throw new RangeError(`vote ${v}: feature ${featureColumns[s].name} is not finite (${value})`);
      features[row * S + s] = value;
    }
    row += 1;
  }

  const featureMeans = new Float64Array(S);
  const featureSds = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    let mean = 0;
    for (let r = 0; r < keptVotes; r++) mean += features[r * S + s];
    mean /= Math.max(keptVotes, 1);
    let squares = 0;
    for (let r = 0; r < keptVotes; r++) squares += (features[r * S + s] - mean) ** 2;
    const sd = Math.sqrt(squares / Math.max(keptVotes, 1));
    featureMeans[s] = mean;
    featureSds[s] = sd > 0 ? sd : 1;
    for (let r = 0; r < keptVotes; r++) features[r * S + s] = (features[r * S + s] - mean) / featureSds[s];
  }
  return {
    modelCount: kept.length,
    voteCount: keptVotes,
    modelA,
    modelB,
    outcome,
    featureCount: S,
    featureNames: featureColumns.map((c) => c.name),
    features,
    featureMeans,
    featureSds,
  };
}
