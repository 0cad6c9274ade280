import { bootstrapBradleyTerry, type BootstrapOptions, type RoundStatistics } from "./bootstrap";
import { fitBradleyTerry } from "./bradley-terry";
import { aggregateColumns, modelTotals, restrictPairCounts, type ModelTotals, type PairCounts } from "./pair-counts";
import { rankByOverlap } from "./rank";
import { bootstrapStyleControl, type StyleBootstrapOptions } from "./style-bootstrap";
import { fitStyleControl, styleSandwichIntervals, type StyleIntervals } from "./style-control";
import { prepareStyleData, type StyleFeatureColumn } from "./style-features";
import type { RatingFlag, VoteColumns } from "./types";

export interface LeaderboardRow {
  model: string;
  rating: number;
  q025: number;
  q975: number;
  /** Bootstrap (or sandwich) variance of the rating, in rating points². */
  variance: number;
  /** 1 + number of models whose q025 is above this model's q975. */
  rank: number;
  battles: number;
  wins: number;
  losses: number;
  ties: number;
  flags: RatingFlag[];
}

export interface ExcludedModel {
  model: string;
  /** Battles against the models that stayed in (what fell short of minVotes). */
  battles: number;
}

/** The anchor by model name; ignored (anchorApplied false) when that model is not in the scope. */
export interface NamedAnchor {
  model: string;
  rating: number;
}

export interface LeaderboardOptions extends Omit<BootstrapOptions, "anchor"> {
  /** A model needs at least this many votes against the other kept models to be rated (default 1). */
  minVotes?: number;
  anchor?: NamedAnchor;
}

export interface Leaderboard {
  /** Sorted by rating, best first. */
  rows: LeaderboardRow[];
  excluded: ExcludedModel[];
  /** Votes among the rated models. */
  votes: number;
  anchorApplied: boolean;
  fit: { iterations: number; converged: boolean; maxAbsGradient: number; priorApplied: boolean };
  bootstrap: RoundStatistics & { rounds: number; seed: number };
}

/**
 * The models that keep at least `minVotes` battles among themselves: dropping a model removes its battles
 * from its opponents' counts too, so this repeats until nothing changes.
 */
export function selectModelsByVotes(counts: PairCounts, minVotes: number): number[] {
  if (!(minVotes >= 1)) throw new RangeError(`minVotes must be at least 1, got ${minVotes}`);
  let kept = Array.from({ length: counts.modelCount }, (_, i) => i);
  for (;;) {
    const totals = modelTotals(restrictPairCounts(counts, kept));
    const next = kept.filter((_, position) => totals.battles[position] >= minVotes);
    if (next.length === kept.length) return kept;
    kept = next;
  }
}

function excludedModels(models: readonly string[], counts: PairCounts, kept: readonly number[]): ExcludedModel[] {
  const keptSet = new Set(kept);
  const K = counts.modelCount;
  const excluded: ExcludedModel[] = [];
  for (let i = 0; i < K; i++) {
    if (keptSet.has(i)) continue;
    let battles = 0;
    for (const j of kept) battles += counts.wins[i * K + j] + counts.wins[j * K + i] + counts.ties[i * K + j];
    excluded.push({ model: models[i], battles });
  }
  return excluded;
}

function checkNames(models: readonly string[], modelCount: number): void {
  if (models.length !== modelCount) throw new RangeError(`${models.length} model names for ${modelCount} models`);
  if (new Set(models).size !== models.length) throw new RangeError("model names must be unique");
}

function buildRows(
  names: readonly string[],
  totals: ModelTotals,
  ratings: ArrayLike<number>,
  q025: ArrayLike<number>,
  q975: ArrayLike<number>,
  variance: ArrayLike<number>,
  flags: RatingFlag[][],
): LeaderboardRow[] {
  const intervals = names.map((_, i) => ({ q025: q025[i], q975: q975[i] }));
  const ranks = rankByOverlap(intervals);
  const rows = names.map((model, i) => ({
    model,
    rating: ratings[i],
    q025: q025[i],
    q975: q975[i],
    variance: variance[i],
    rank: ranks[i],
    battles: totals.battles[i],
    wins: totals.wins[i],
    losses: totals.losses[i],
    ties: totals.ties[i],
    flags: flags[i],
  }));
  return rows.sort((x, y) => y.rating - x.rating || (x.model < y.model ? -1 : x.model > y.model ? 1 : 0));
}

function resolveAnchor(names: readonly string[], anchor: NamedAnchor | undefined) {
  if (anchor === undefined) return undefined;
  const index = names.indexOf(anchor.model);
  return index < 0 ? undefined : { model: index, rating: anchor.rating };
}

/**
 * One scope's leaderboard from pair counts (e.g. a `GROUP BY` over the scope's votes): min-votes filter,
 * Bradley-Terry fit, multinomial bootstrap, rank by CI overlap.
 */
export function computeLeaderboard(models: readonly string[], counts: PairCounts, options: LeaderboardOptions = {}): Leaderboard {
  checkNames(models, counts.modelCount);
  const kept = selectModelsByVotes(counts, options.minVotes ?? 1);
  const excluded = excludedModels(models, counts, kept);
  const seed = options.seed ?? 1;
  const rounds = options.rounds ?? 1000;
  if (kept.length < 2) {
    return {
      rows: [],
      excluded,
      votes: 0,
      anchorApplied: false,
      fit: { iterations: 0, converged: true, maxAbsGradient: 0, priorApplied: false },
      bootstrap: { rounds, seed, roundsWithPrior: 0, minIterations: 0, maxIterations: 0, meanIterations: 0 },
    };
  }
  const names = kept.map((i) => models[i]);
  const scoped = restrictPairCounts(counts, kept);
  const anchor = resolveAnchor(names, options.anchor);
  const fitOptions = { ...options, anchor };
  const fit = fitBradleyTerry(scoped, fitOptions);
  const intervals = bootstrapBradleyTerry(scoped, { ...fitOptions, rounds, seed }, fit);
  const totals = modelTotals(scoped);
  return {
    rows: buildRows(names, totals, fit.ratings, intervals.q025, intervals.q975, intervals.variance, fit.flags),
    excluded,
    votes: totals.battles.reduce((sum, n) => sum + n, 0) / 2,
    anchorApplied: anchor !== undefined,
    fit: { iterations: fit.iterations, converged: fit.converged, maxAbsGradient: fit.maxAbsGradient, priorApplied: fit.priorApplied },
    bootstrap: { rounds, seed, ...intervals.statistics },
  };
}

export interface StyleCoefficientRow {
  feature: string;
  /** Log-odds per standard deviation of the feature's normalised difference. */
  value: number;
  q025: number;
  q975: number;
  variance: number;
}

export interface StyleLeaderboardOptions extends Omit<StyleBootstrapOptions, "anchor"> {
  minVotes?: number;
  anchor?: NamedAnchor;
  /** `bootstrap` (default; `rounds` default 100) or the one-pass `sandwich` covariance. */
  intervals?: "bootstrap" | "sandwich";
}

export interface StyleLeaderboard {
  rows: LeaderboardRow[];
  coefficients: StyleCoefficientRow[];
  excluded: ExcludedModel[];
  votes: number;
  anchorApplied: boolean;
  intervals: "bootstrap" | "sandwich";
  fit: { iterations: number; converged: boolean; maxAbsGradient: number; priorApplied: boolean; l2Penalty: number };
}

/**
 * One scope's style-controlled leaderboard from vote columns and feature columns (normalised differences):
 * min-votes filter, contextual Bradley-Terry, intervals by bootstrap or sandwich, rank by CI overlap.
 */
export function computeStyleLeaderboard(
  models: readonly string[],
  votes: VoteColumns,
  features: readonly StyleFeatureColumn[],
  options: StyleLeaderboardOptions = {},
): StyleLeaderboard {
  checkNames(models, models.length);
  const counts = aggregateColumns(votes, models.length);
  const kept = selectModelsByVotes(counts, options.minVotes ?? 1);
  const excluded = excludedModels(models, counts, kept);
  const method = options.intervals ?? "bootstrap";
  if (kept.length < 2) {
    return {
      rows: [],
      coefficients: [],
      excluded,
      votes: 0,
      anchorApplied: false,
      intervals: method,
      fit: { iterations: 0, converged: true, maxAbsGradient: 0, priorApplied: false, l2Penalty: options.l2Penalty ?? 0.25 },
    };
  }
  const names = kept.map((i) => models[i]);
  const data = prepareStyleData(votes, models.length, features, kept);
  const anchor = resolveAnchor(names, options.anchor);
  const fitOptions = { ...options, anchor };
  const fit = fitStyleControl(data, fitOptions);
  const intervals: StyleIntervals =
    method === "sandwich" ? styleSandwichIntervals(data, fit, fitOptions) : bootstrapStyleControl(data, fitOptions, fit);
  const totals = modelTotals(restrictPairCounts(counts, kept));
  return {
    rows: buildRows(names, totals, fit.ratings, intervals.ratingQ025, intervals.ratingQ975, intervals.ratingVariance, fit.flags),
    coefficients: fit.featureNames.map((feature, s) => ({
      feature,
      value: fit.coefficients[s],
      q025: intervals.coefficientQ025[s],
      q975: intervals.coefficientQ975[s],
      variance: intervals.coefficientVariance[s],
    })),
    excluded,
    votes: data.voteCount,
    anchorApplied: anchor !== undefined,
    intervals: method,
    fit: {
      iterations: fit.iterations,
      converged: fit.converged,
      maxAbsGradient: fit.maxAbsGradient,
      priorApplied: fit.priorApplied,
      l2Penalty: fit.l2Penalty,
    },
  };
}
