import { summarizeColumns } from "./quantiles";
import { Xoshiro128, type RandomSource } from "./rng";
import { strengthsToRatings } from "./scale";
import {
  createStyleWorkspace,
  fitStyleControl,
  newtonStyleControl,
  resolveStyleSettings,
  type Penalty,
  type StyleControlFit,
  type StyleControlOptions,
  type StyleIntervals,
  type StyleWorkspace,
} from "./style-control";
import { runStyleRoundsInThreads } from "./style-bootstrap-threads";
import type { StyleData } from "./style-features";

/** Streams of the seeded generator used by the style bootstrap; round r uses stream base + r. */
export const STYLE_BOOTSTRAP_STREAM = 2_000_000;

export interface StyleBootstrapOptions extends StyleControlOptions {
  /** Default 100: each round is a pass over every vote, unlike the plain bootstrap. */
  rounds?: number;
  seed?: number;
  /**
   * `multinomial` (default): draw N votes with replacement, exactly FastChat's resampling.
   * `poisson`: independent Poisson(1) weight per vote, the streaming-friendly approximation.
   */
  resampling?: "multinomial" | "poisson";
  /**
   * Newton tolerance for each round (default 1e-7 in λ and γ, i.e. 2e-5 Elo, far below the Monte Carlo
   * error of the percentiles). Rounds stop as soon as the
   * quadratic convergence predicts the next step below it, usually after two passes over the votes.
   */
  roundTolerance?: number;
  onProgress?: (completedRounds: number, totalRounds: number) => void;
  /**
   * Threads sharing the rounds (default 1: this thread only). Rounds are independent and seeded by their
   * index, so the result is the same for any number of threads; extra threads that cannot start leave their
   * rounds to this one.
   */
  threads?: number;
  /** With threads: wait up to this long for them to start before this thread takes rounds (default 0). */
  waitForThreadsMs?: number;
}

/** What one round needs besides its index; plain data, so that worker threads can receive it. */
export interface StyleRoundSetup {
  fullFitParameters: Float64Array;
  penalty: Penalty;
  seed: number;
  resampling: "multinomial" | "poisson";
  tolerance: number;
  maxIterations: number;
}

/** Per-thread scratch space for rounds. */
export interface StyleRoundScratch {
  weights: Uint16Array;
  work: StyleWorkspace;
}

export function createStyleRoundScratch(data: StyleData): StyleRoundScratch {
  return { weights: new Uint16Array(data.voteCount), work: createStyleWorkspace(data) };
}

/**
 * One bootstrap round: draw the round's resample and refit by Newton from the full-data fit, leaving λ then γ
 * in `parameters`. Returns the Newton passes taken.
 */
export function runStyleRound(data: StyleData, setup: StyleRoundSetup, round: number, scratch: StyleRoundScratch, parameters: Float64Array): number {
  drawWeights(Xoshiro128.seeded(setup.seed, STYLE_BOOTSTRAP_STREAM + round), scratch.weights, data.voteCount, setup.resampling);
  parameters.set(setup.fullFitParameters);
  return newtonStyleControl(data, parameters, scratch.weights, setup.penalty, scratch.work, setup.tolerance, setup.maxIterations, "predictive").iterations;
}

export interface StyleBootstrapResult extends StyleIntervals {
  rounds: number;
  /** Row-major rounds × models ratings. */
  ratingSamples: Float64Array;
  /** Row-major rounds × features coefficients. */
  coefficientSamples: Float64Array;
  ratingMedian: Float64Array;
  coefficientMedian: Float64Array;
  meanIterations: number;
  /** Rounds computed by worker threads (0 with one thread, or when none could start). */
  roundsByOtherThreads: number;
}

/** Cumulative Poisson(1) probabilities scaled to 2^32, for inversion with one 32-bit draw. */
const POISSON_ONE_THRESHOLDS: Float64Array = (() => {
  const thresholds = new Float64Array(16);
  let term = Math.exp(-1);
  let total = term;
  for (let k = 0; k < thresholds.length; k++) {
    thresholds[k] = Math.floor(total * 4294967296);
    term /= k + 1;
    total += term;
  }
  return thresholds;
})();

function drawWeights(random: RandomSource, weights: Uint16Array, voteCount: number, resampling: "multinomial" | "poisson"): void {
  weights.fill(0);
  if (resampling === "multinomial") {
    for (let draw = 0; draw < voteCount; draw++) weights[random.nextBelow(voteCount)] += 1;
    return;
  }
  const last = POISSON_ONE_THRESHOLDS.length - 1;
  for (let v = 0; v < voteCount; v++) {
    const u = random.nextUint32();
    let k = 0;
    while (k < last && u >= POISSON_ONE_THRESHOLDS[k]) k += 1;
    weights[v] = k;
  }
}

/**
 * Percentile bootstrap of style control: each round reweights the votes (multiplicity of each vote in a
 * resample) and refits by Newton from the full-data fit, keeping the full-data standardisation as FastChat
 * does. Memory: one Uint16Array of votes.
 */
export function bootstrapStyleControl(
  data: StyleData,
  options: StyleBootstrapOptions = {},
  fullFit: StyleControlFit = fitStyleControl(data, options),
): StyleBootstrapResult {
  const rounds = options.rounds ?? 100;
  const seed = options.seed ?? 1;
  const resampling = options.resampling ?? "multinomial";
  if (!Number.isInteger(rounds) || rounds < 2) throw new RangeError(`rounds must be an integer ≥ 2, got ${rounds}`);
  if (data.voteCount > 0xffffffff) throw new RangeError("too many votes for one bootstrap");
  const settings = resolveStyleSettings(data, options);
  const K = data.modelCount;
  const S = data.featureCount;
  const P = K + S;
  const setup: StyleRoundSetup = {
    fullFitParameters: fullFit.parameters,
    penalty: settings.penalty,
    seed,
    resampling,
    tolerance: options.roundTolerance ?? 1e-7,
    maxIterations: options.maxIterations ?? 100,
  };
  // λ then γ of every round, row-major.
  const parameterSamples = new Float64Array(rounds * P);
  const iterations = new Float64Array(rounds);
  const threads = Math.max(1, Math.floor(options.threads ?? 1));
  let roundsByThisThread = rounds;
  if (threads > 1) {
    roundsByThisThread = runStyleRoundsInThreads(data, setup, rounds, threads, parameterSamples, iterations, options.onProgress, options.waitForThreadsMs);
  } else {
    const scratch = createStyleRoundScratch(data);
    const parameters = new Float64Array(P);
    for (let round = 0; round < rounds; round++) {
      iterations[round] = runStyleRound(data, setup, round, scratch, parameters);
      parameterSamples.set(parameters, round * P);
      options.onProgress?.(round + 1, rounds);
    }
  }
  const ratingSamples = new Float64Array(rounds * K);
  const coefficientSamples = new Float64Array(rounds * S);
  const roundRatings = new Float64Array(K);
  let meanIterations = 0;
  for (let round = 0; round < rounds; round++) {
    const parameters = parameterSamples.subarray(round * P, (round + 1) * P);
    strengthsToRatings(parameters.subarray(0, K), settings.scale, options.anchor, roundRatings);
    ratingSamples.set(roundRatings, round * K);
    coefficientSamples.set(parameters.subarray(K), round * S);
    meanIterations += iterations[round] / rounds;
  }
  const ratings = summarizeColumns(ratingSamples, rounds, K);
  const coefficients = summarizeColumns(coefficientSamples, rounds, S);
  return {
    method: "bootstrap",
    rounds,
    ratingSamples,
    coefficientSamples,
    ratingQ025: ratings.q025,
    ratingQ975: ratings.q975,
    ratingMedian: ratings.median,
    ratingVariance: ratings.variance,
    coefficientQ025: coefficients.q025,
    coefficientQ975: coefficients.q975,
    coefficientMedian: coefficients.median,
    coefficientVariance: coefficients.variance,
    meanIterations,
    roundsByOtherThreads: rounds - roundsByThisThread,
  };
}
