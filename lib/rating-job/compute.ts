import {
  aggregateColumns,
  computeLeaderboard,
  computeStyleLeaderboard,
  DEFAULT_STYLE_THREADS,
  onlineElo,
  restrictPairCounts,
  type Leaderboard,
  type PairCounts,
  type StyleLeaderboard,
  type VoteColumns,
} from "@/lib/ratings";
import type { Scope, ScopeKind } from "./scope";
import {
  BASE_STYLE_FEATURES,
  LABEL_STYLE_FEATURES,
  LABELS_COMPLETE,
  LABELS_PRESENT,
  selectVotes,
  type StreamedVotes,
  type StyleFeature,
} from "./streamed-votes";

// The rating job's computation, pure: pair counts per scope (from the database's GROUP BY) and, for style
// control and online Elo, the streamed vote columns in, one result per scope out.

export interface JobSettings {
  /** A model needs this many votes against the other rated models of a scope. */
  minVotes: Record<ScopeKind, number>;
  bootstrapRounds: number;
  seed: number;
  style: boolean;
  /** `auto`: length and citations, plus supporting / irrelevant where every citation of the scope is labelled. */
  styleFeatures: "auto" | StyleFeature[];
  styleRounds: number;
  styleIntervals: "bootstrap" | "sandwich";
  styleResampling: "multinomial" | "poisson";
  l2Penalty: number;
  elo: boolean;
  eloK: number;
  /** Threads for the style-control bootstrap rounds (results do not depend on it). */
  threads: number;
}

export const DEFAULT_SETTINGS: JobSettings = {
  minVotes: { overall: 20, discipline: 20, category: 20 },
  bootstrapRounds: 1000,
  seed: 1,
  style: true,
  styleFeatures: "auto",
  styleRounds: 100,
  styleIntervals: "bootstrap",
  styleResampling: "multinomial",
  l2Penalty: 0.25,
  elo: true,
  threads: DEFAULT_STYLE_THREADS,
  eloK: 4,
};

export interface ScopeInput {
  scope: Scope;
  /** Over every model of the run (indices into the `models` array). */
  counts: PairCounts;
}

export interface LabelCoverage {
  /** Votes in which every citation of both answers carries a label. */
  completeVotes: number;
  /** Votes with at least one labelled citation. */
  votesWithLabels: number;
  votes: number;
}

export interface ScopeResult {
  scope: Scope;
  minVotes: number;
  /** Model names in the rows are the model ids given to computeScopes. */
  plain: Leaderboard;
  style: StyleLeaderboard | null;
  styleFeatures: StyleFeature[];
  /** Why style control was not fitted, when it was not. */
  styleSkipped: string | null;
  labels: LabelCoverage | null;
  /** Online Elo of the rated models over the scope's votes among them, in time order. */
  onlineElo: Record<string, number> | null;
  /** Pair counts among the rated models, in the order of `plain.rows`. */
  pairs: { models: string[]; wins: number[][]; ties: number[][] };
  /** Set when fewer than two models reach minVotes: the scope gets no rows. */
  skipped: string | null;
  /** Wall time of this scope's parts. */
  timingsMs: { plain: number; elo: number; style: number };
}

export type ProgressListener = (stage: string, done: number, total: number) => void;

export class InconsistentVotesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InconsistentVotesError";
  }
}

function sameCounts(x: PairCounts, y: PairCounts): boolean {
  if (x.modelCount !== y.modelCount) return false;
  for (let i = 0; i < x.wins.length; i++) if (x.wins[i] !== y.wins[i] || x.ties[i] !== y.ties[i]) return false;
  return true;
}

function votesAmong(columns: VoteColumns, keep: Uint8Array): VoteColumns {
  let count = 0;
  for (let v = 0; v < columns.modelA.length; v++) if (keep[columns.modelA[v]] && keep[columns.modelB[v]]) count += 1;
  const modelA = new Int32Array(count);
  const modelB = new Int32Array(count);
  const outcome = new Uint8Array(count);
  let row = 0;
  for (let v = 0; v < columns.modelA.length; v++) {
    if (!(keep[columns.modelA[v]] && keep[columns.modelB[v]])) continue;
    modelA[row] = columns.modelA[v];
    modelB[row] = columns.modelB[v];
    outcome[row] = columns.outcome[v];
    row += 1;
  }
  return { modelA, modelB, outcome };
}

function labelCoverage(labels: Uint8Array): LabelCoverage {
  let completeVotes = 0;
  let votesWithLabels = 0;
  for (let v = 0; v < labels.length; v++) {
    if (labels[v] & LABELS_COMPLETE) completeVotes += 1;
    if (labels[v] & LABELS_PRESENT) votesWithLabels += 1;
  }
  return { completeVotes, votesWithLabels, votes: labels.length };
}

/** `auto`: the label features only when every vote of the scope is fully labelled and some label exists. */
export function chooseFeatures(setting: JobSettings["styleFeatures"], coverage: LabelCoverage): StyleFeature[] {
  if (setting !== "auto") return [...setting];
  const labelled = coverage.votes > 0 && coverage.completeVotes === coverage.votes && coverage.votesWithLabels > 0;
  return labelled ? [...BASE_STYLE_FEATURES, ...LABEL_STYLE_FEATURES] : [...BASE_STYLE_FEATURES];
}

function scopeFilter(votes: StreamedVotes, scope: Scope): { codes: Int16Array; value: number } | undefined {
  if (scope.kind === "overall") return undefined;
  const names = scope.kind === "discipline" ? votes.disciplines : votes.categories;
  return { codes: scope.kind === "discipline" ? votes.discipline : votes.category, value: names.indexOf(scope.name) };
}

/**
 * Every scope's plain Bradley-Terry leaderboard (from its pair counts), and, when `votes` is given, its
 * style-controlled leaderboard and online Elo. The streamed votes must aggregate to exactly the same pair
 * counts (they come from one database snapshot); anything else is a bug and throws.
 */
export function computeScopes(
  models: readonly string[],
  scopes: readonly ScopeInput[],
  votes: StreamedVotes | null,
  settings: JobSettings,
  progress?: ProgressListener,
): ScopeResult[] {
  const K = models.length;
  return scopes.map(({ scope, counts }) => {
    if (counts.modelCount !== K) throw new RangeError(`${scope.key}: counts for ${counts.modelCount} models, expected ${K}`);
    const minVotes = settings.minVotes[scope.kind];
    const p0 = performance.now();
    const plain = computeLeaderboard(models, counts, {
      rounds: settings.bootstrapRounds,
      seed: settings.seed,
      minVotes,
      onProgress: (done, total) => progress?.(`${scope.key} bootstrap`, done, total),
    });
    const keptIndices = plain.rows.map((row) => models.indexOf(row.model));
    const restricted = restrictPairCounts(counts, keptIndices);
    const toMatrix = (values: Float64Array) =>
      keptIndices.map((_, x) => keptIndices.map((__, y) => values[x * keptIndices.length + y]));
    const result: ScopeResult = {
      scope,
      minVotes,
      plain,
      style: null,
      styleFeatures: [],
      styleSkipped: null,
      labels: null,
      onlineElo: null,
      pairs: { models: plain.rows.map((row) => row.model), wins: toMatrix(restricted.wins), ties: toMatrix(restricted.ties) },
      skipped: plain.rows.length < 2 ? `fewer than two models with at least ${minVotes} votes` : null,
      timingsMs: { plain: performance.now() - p0, elo: 0, style: 0 },
    };
    if (votes === null) {
      result.styleSkipped = settings.style ? "votes were not streamed" : "style control switched off";
      return result;
    }

    const filter = scopeFilter(votes, scope);
    const allFeatures = ["length", "citations", "supporting", "irrelevant"] as StyleFeature[];
    const selected = filter !== undefined && filter.value < 0
      ? { columns: { modelA: new Int32Array(0), modelB: new Int32Array(0), outcome: new Uint8Array(0) }, features: [], labels: new Uint8Array(0) }
      : selectVotes(votes, filter, allFeatures);
    if (!sameCounts(aggregateColumns(selected.columns, K), counts)) {
      throw new InconsistentVotesError(`${scope.key}: the streamed votes do not add up to the grouped counts`);
    }
    if (result.skipped !== null) return result;

    const keep = new Uint8Array(K);
    for (const index of keptIndices) keep[index] = 1;
    if (settings.elo) {
      const e0 = performance.now();
      const elo = onlineElo(votesAmong(selected.columns, keep), K, { k: settings.eloK });
      result.onlineElo = Object.fromEntries(keptIndices.map((index) => [models[index], elo[index]]));
      result.timingsMs.elo = performance.now() - e0;
    }

    result.labels = labelCoverage(selected.labels);
    if (!settings.style) {
      result.styleSkipped = "style control switched off";
      return result;
    }
    const features = chooseFeatures(settings.styleFeatures, result.labels);
    result.styleFeatures = features;
    const featureColumns = features.map((name) => selected.features[allFeatures.indexOf(name)]);
    const s0 = performance.now();
    const style = computeStyleLeaderboard(models, selected.columns, featureColumns, {
      rounds: settings.styleRounds,
      seed: settings.seed,
      minVotes,
      l2Penalty: settings.l2Penalty,
      intervals: settings.styleIntervals,
      resampling: settings.styleResampling,
      threads: settings.threads,
      onProgress: (done, total) => progress?.(`${scope.key} style bootstrap`, done, total),
    });
    result.timingsMs.style = performance.now() - s0;
    if (style.rows.length >= 2) result.style = style;
    else result.styleSkipped = "fewer than two models";
    return result;
  });
}
