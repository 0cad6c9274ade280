import {
  createNewtonWorkspace,
  fitBradleyTerry,
  fitMatrices,
  resolvePrior,
  type BradleyTerryFit,
  type BradleyTerryOptions,
} from "./bradley-terry";
import type { ComparisonMatrices, PairCounts } from "./pair-counts";
import { summarizeColumns } from "./quantiles";
import { multinomial } from "./random-variates";
import { Xoshiro128 } from "./rng";
import { resolveScale, strengthsToRatings } from "./scale";

/** Streams of the seeded generator used by the plain bootstrap; round r uses stream base + r. */
export const PLAIN_BOOTSTRAP_STREAM = 1_000_000;

export interface BootstrapOptions extends BradleyTerryOptions {
  /** Default 1000. */
  rounds?: number;
  /** Default 1. The same seed and counts give the same intervals. */
  seed?: number;
  /** Newton tolerance in λ for each round (default 1e-10: 2e-8 Elo, far below the bootstrap's own noise). */
  roundTolerance?: number;
  /** Called after each round (cheap; throttle in the caller). */
  onProgress?: (completedRounds: number, totalRounds: number) => void;
}

export interface RoundStatistics {
  /** Rounds in which a resample left some model without a finite MLE, so the prior was used. */
  roundsWithPrior: number;
  minIterations: number;
  maxIterations: number;
  meanIterations: number;
}

export interface BootstrapResult {
  rounds: number;
  modelCount: number;
  /** Row-major rounds × models ratings of every round. */
  samples: Float64Array;
  q025: Float64Array;
  median: Float64Array;
  q975: Float64Array;
  /** Bootstrap variance of each rating (n − 1 denominator), in rating points². */
  variance: Float64Array;
  statistics: RoundStatistics;
}

/** The (i wins, j wins, tie) counts of every pair that met, the cells a vote can fall into. */
interface Categories {
  pairs: Int32Array; // i, j per pair
  counts: Float64Array; // 3 per pair
  total: number;
}

function categoriesOf(counts: PairCounts): Categories {
  const K = counts.modelCount;
  const pairs: number[] = [];
  const cells: number[] = [];
  let total = 0;
  for (let i = 0; i < K; i++) {
    for (let j = i + 1; j < K; j++) {
      const winsI = counts.wins[i * K + j];
      const winsJ = counts.wins[j * K + i];
      const ties = counts.ties[i * K + j];
      if (winsI + winsJ + ties === 0) continue;
      for (const value of [winsI, winsJ, ties]) {
        if (!Number.isInteger(value)) throw new RangeError(`the bootstrap needs whole vote counts, got ${value} for pair (${i}, ${j})`);
      }
      pairs.push(i, j);
      cells.push(winsI, winsJ, ties);
      total += winsI + winsJ + ties;
    }
  }
  return { pairs: Int32Array.from(pairs), counts: Float64Array.from(cells), total };
}

/**
 * Percentile bootstrap of the Bradley-Terry ratings. Each round redraws the cell counts from
 * Multinomial(N, counts / N) — the same distribution as resampling the N votes with replacement — and refits
 * by Newton from the full-data fit. Cost per round O(K²·iterations + K³), independent of N.
 * The displayed rating stays the full-data fit; the rounds give q025 / q975 and the variance.
 */
export function bootstrapBradleyTerry(
  counts: PairCounts,
  options: BootstrapOptions = {},
  fullFit: BradleyTerryFit = fitBradleyTerry(counts, options),
): BootstrapResult {
  const rounds = options.rounds ?? 1000;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(rounds) || rounds < 2) throw new RangeError(`rounds must be an integer ≥ 2, got ${rounds}`);
  const scale = resolveScale(options);
  const userPrior = resolvePrior(options.prior);
  // A round must not fail because a resample lost a model's only loss: it falls back to the prior, and if the
  // full fit needed the prior every round uses it, so that all rounds estimate the same objective.
  const roundPrior = { ...userPrior, apply: fullFit.priorApplied ? ("always" as const) : ("when-needed" as const) };
  const tolerance = options.roundTolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 100;

  const K = counts.modelCount;
  const categories = categoriesOf(counts);
  const pairCount = categories.pairs.length / 2;
  const draws = new Float64Array(categories.counts.length);
  const battles = new Float64Array(K * K);
  const score = new Float64Array(K * K);
  const matrices: ComparisonMatrices = { modelCount: K, battles, score };
  const strengths = new Float64Array(K);
  const work = createNewtonWorkspace(K);
  const samples = new Float64Array(rounds * K);
  const roundRatings = new Float64Array(K);
  const statistics: RoundStatistics = { roundsWithPrior: 0, minIterations: Infinity, maxIterations: 0, meanIterations: 0 };

  for (let round = 0; round < rounds; round++) {
    const random = Xoshiro128.seeded(seed, PLAIN_BOOTSTRAP_STREAM + round);
    multinomial(random, categories.total, categories.counts, draws);
    battles.fill(0);
    score.fill(0);
    for (let p = 0; p < pairCount; p++) {
      const i = categories.pairs[2 * p];
      const j = categories.pairs[2 * p + 1];
      const winsI = draws[3 * p];
      const winsJ = draws[3 * p + 1];
      const ties = draws[3 * p + 2];
      const n = winsI + winsJ + ties;
      battles[i * K + j] = n;
      battles[j * K + i] = n;
      score[i * K + j] = winsI + 0.5 * ties;
      score[j * K + i] = winsJ + 0.5 * ties;
    }
    strengths.set(fullFit.strengths);
    const result = fitMatrices(matrices, roundPrior, strengths, work, tolerance, maxIterations);
    if (result.priorApplied) statistics.roundsWithPrior += 1;
    statistics.minIterations = Math.min(statistics.minIterations, result.iterations);
    statistics.maxIterations = Math.max(statistics.maxIterations, result.iterations);
    statistics.meanIterations += result.iterations / rounds;
    strengthsToRatings(strengths, scale, options.anchor, roundRatings);
    samples.set(roundRatings, round * K);
    options.onProgress?.(round + 1, rounds);
  }
  const summary = summarizeColumns(samples, rounds, K);
  return { rounds, modelCount: K, samples, ...summary, statistics };
}
