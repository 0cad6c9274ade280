import { splitMixUniforms } from "./rng";
import { OUTCOME_CODE } from "./types";

/**
 * Port of shared/bench/ratings/gen_battles.py: the same SplitMix64 streams and arithmetic, so a seed gives
 * the same vote log as the Python generator (verified in synthetic.test.ts). Tests and the benchmark use it
 * to make logs without Python.
 */
export interface SyntheticOptions {
  models: number;
  battles: number;
  seed: number;
  /** Spread of the true Elo ratings. */
  eloSd?: number;
  /** Tie probability when p = 1/2 (≤ 0.5). */
  tie0?: number;
  bothBadFraction?: number;
  /** Log-odds per unit of (la − lb)/(la + lb). */
  betaLength?: number;
  /** Log-odds per unit of (ca − cb)/(ca + cb + 1). */
  betaCitations?: number;
}

export interface SyntheticBattles {
  models: string[];
  trueElo: Float64Array;
  modelA: Int32Array;
  modelB: Int32Array;
  /** {@link OUTCOME_CODE} values. */
  outcome: Uint8Array;
  lengthA: Float64Array;
  lengthB: Float64Array;
  citationsA: Float64Array;
  citationsB: Float64Array;
}

/** numpy's add.reduce for a contiguous float64 array (pairwise summation). */
function numpySum(values: Float64Array): number {
  return pairwiseSum(values, 0, values.length);
}

function pairwiseSum(values: Float64Array, start: number, count: number): number {
  if (count < 8) {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += values[start + i];
    return sum;
  }
  if (count <= 128) {
    const partial = new Float64Array(8);
    for (let j = 0; j < 8; j++) partial[j] = values[start + j];
    let i = 8;
    for (; i < count - (count % 8); i += 8) for (let j = 0; j < 8; j++) partial[j] += values[start + i + j];
    let sum = partial[0] + partial[1] + (partial[2] + partial[3]) + (partial[4] + partial[5] + (partial[6] + partial[7]));
    for (; i < count; i++) sum += values[start + i];
    return sum;
  }
  let half = Math.floor(count / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, count - half);
}

function normals(seed: number, stream: number, count: number): Float64Array {
  const u1 = splitMixUniforms(seed, stream, count);
  const u2 = splitMixUniforms(seed, stream + 1000, count);
  const out = new Float64Array(count);
  const twoPi = 2.0 * Math.PI;
  for (let i = 0; i < count; i++) out[i] = Math.sqrt(-2.0 * Math.log1p(-u1[i])) * Math.cos(twoPi * u2[i]);
  return out;
}

/** First index whose value exceeds `x` (numpy searchsorted side="right"). */
function searchRight(sorted: Float64Array, x: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] <= x) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** numpy.rint: round half to even. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

function poissonByInversion(u: number, rate: number): number {
  let k = 0;
  let p = Math.exp(-rate);
  let cdf = p;
  for (let iteration = 0; u >= cdf && iteration < 200; iteration++) {
    k += 1;
    p = (p * rate) / Math.max(k, 1);
    cdf += p;
  }
  return k;
}

export function generateSyntheticBattles(options: SyntheticOptions): SyntheticBattles {
  const K = options.models;
  const N = options.battles;
  const S = options.seed;
  const eloSd = options.eloSd ?? 100;
  const tie0 = options.tie0 ?? 0.35;
  const bothBadFraction = options.bothBadFraction ?? 0.4;
  const betaLength = options.betaLength ?? 0.8;
  const betaCitations = options.betaCitations ?? 0.3;
  if (!Number.isInteger(K) || K < 2) throw new RangeError(`models must be an integer ≥ 2, got ${K}`);
  if (!Number.isInteger(N) || N < 0) throw new RangeError(`battles must be a non-negative integer, got ${N}`);
  if (!(tie0 >= 0 && tie0 <= 0.5)) throw new RangeError(`tie0 must be in [0, 0.5], got ${tie0}`);

  const z = normals(S, 1, K);
  const elo = new Float64Array(K);
  for (let i = 0; i < K; i++) elo[i] = 1000.0 + eloSd * z[i];
  const mean = numpySum(elo) / K;
  for (let i = 0; i < K; i++) elo[i] = elo[i] - mean + 1000.0;
  const verbosityNormals = normals(S, 2, K);
  const verbosity = new Float64Array(K);
  for (let i = 0; i < K; i++) verbosity[i] = Math.exp(Math.log(400.0) + 0.5 * verbosityNormals[i]);
  const citationRate = splitMixUniforms(S, 3, K).map((u) => 1.0 + 4.0 * u);
  const weight = splitMixUniforms(S, 4, K).map((u) => 0.5 + u);
  const theta = new Float64Array(K);
  for (let i = 0; i < K; i++) theta[i] = ((elo[i] - 1000.0) * Math.log(10.0)) / 400.0;

  const cumulative = new Float64Array(K);
  let running = 0;
  for (let i = 0; i < K; i++) {
    running += weight[i];
    cumulative[i] = running;
  }
  const total = cumulative[K - 1];
  const u10 = splitMixUniforms(S, 10, N);
  const u11 = splitMixUniforms(S, 11, N);
  const u12 = splitMixUniforms(S, 12, N);
  const modelA = new Int32Array(N);
  const modelB = new Int32Array(N);
  for (let v = 0; v < N; v++) {
    const a = Math.min(searchRight(cumulative, u10[v] * total), K - 1);
    const beforeA = cumulative[a] - weight[a];
    let t = u11[v] * (total - weight[a]);
    if (t >= beforeA) t = t + weight[a];
    let b = Math.min(searchRight(cumulative, t), K - 1);
    if (b === a) b = (a + 1) % K;
    const swap = u12[v] < 0.5;
    modelA[v] = swap ? b : a;
    modelB[v] = swap ? a : b;
  }

  const lengthNormalsA = normals(S, 20, N);
  const lengthNormalsB = normals(S, 21, N);
  const u30 = splitMixUniforms(S, 30, N);
  const u31 = splitMixUniforms(S, 31, N);
  const u40 = splitMixUniforms(S, 40, N);
  const u41 = splitMixUniforms(S, 41, N);
  const lengthA = new Float64Array(N);
  const lengthB = new Float64Array(N);
  const citationsA = new Float64Array(N);
  const citationsB = new Float64Array(N);
  const outcome = new Uint8Array(N);
  for (let v = 0; v < N; v++) {
    const a = modelA[v];
    const b = modelB[v];
    lengthA[v] = Math.max(1, roundHalfEven(verbosity[a] * Math.exp(0.6 * lengthNormalsA[v])));
    lengthB[v] = Math.max(1, roundHalfEven(verbosity[b] * Math.exp(0.6 * lengthNormalsB[v])));
    citationsA[v] = poissonByInversion(u30[v], citationRate[a]);
    citationsB[v] = poissonByInversion(u31[v], citationRate[b]);
    const dLength = (lengthA[v] - lengthB[v]) / (lengthA[v] + lengthB[v]);
    const dCitations = (citationsA[v] - citationsB[v]) / (citationsA[v] + citationsB[v] + 1.0);
    const eta = theta[a] - theta[b] + betaLength * dLength + betaCitations * dCitations;
    const p = 1.0 / (1.0 + Math.exp(-eta));
    const pTie = 4.0 * tie0 * p * (1.0 - p);
    const pA = p - pTie / 2.0;
    const u = u40[v];
    const code = u < pA ? OUTCOME_CODE.A : u < pA + pTie ? OUTCOME_CODE.TIE : OUTCOME_CODE.B;
    outcome[v] = code === OUTCOME_CODE.TIE && u41[v] < bothBadFraction ? OUTCOME_CODE.BOTH_BAD : code;
  }

  const models = Array.from({ length: K }, (_, i) => `model-${String(i).padStart(2, "0")}`);
  return { models, trueElo: elo, modelA, modelB, outcome, lengthA, lengthB, citationsA, citationsB };
}

const WINNER_LABEL = ["model_a", "model_b", "tie", "tie (bothbad)"];

/** Line `index` of the log exactly as gen_battles.py writes it (without the newline). */
export function syntheticJsonLine(battles: SyntheticBattles, index: number): string {
  const tstamp = (1_700_000_000.0 + 10.0 * index).toFixed(1);
  return (
    `{"model_a":"${battles.models[battles.modelA[index]]}","model_b":"${battles.models[battles.modelB[index]]}",` +
    `"winner":"${WINNER_LABEL[battles.outcome[index]]}","length_a":${battles.lengthA[index]},"length_b":${battles.lengthB[index]},` +
    `"citations_a":${battles.citationsA[index]},"citations_b":${battles.citationsB[index]},"tstamp":${tstamp},"anony":true,"turn":1}`
  );
}
