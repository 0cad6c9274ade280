// What the leaderboard page and API show: plain, serializable data read from one stored rating run.
import type { ScopeKind } from "@/lib/rating-job/scope";

export interface ScopeSummary {
  /** Stored key: "overall", "discipline:Healthcare", "category:Methods". */
  key: string;
  kind: ScopeKind;
  /** Discipline or category name; empty for overall. */
  name: string;
  /** URL segment of the name, e.g. "humanities-social-science". */
  slug: string;
  /** Counted votes among the scope's rated models. */
  votes: number;
  models: number;
  hasStyleControl: boolean;
}

export interface RunSummary {
  id: string;
  /** ISO time the run was stored. */
  finishedAt: string;
  votesUsed: number;
  codeVersion: string;
  bootstrapRounds: number | null;
  styleRounds: number | null;
  styleIntervals: string | null;
  minVotes: Record<ScopeKind, number> | null;
  scopes: ScopeSummary[];
}

export interface LeaderboardEntry {
  /** The model's slug, as in SciArena's API. */
  modelId: string;
  name: string;
  organization: string;
  license: "open" | "proprietary";
  rating: number;
  q025: number;
  q975: number;
  variance: number | null;
  /** 1 + number of models whose lower bound is above this model's upper bound. */
  rank: number;
  battles: number;
  wins: number;
  losses: number;
  ties: number;
  /** (wins + ties / 2) / battles. */
  winRate: number;
  costPer100Usd: number | null;
  onlineElo: number | null;
  /** Why the rating is provisional (empty when it is not). */
  flags: string[];
}

export interface StyleCoefficientEntry {
  feature: string;
  value: number;
  q025: number;
  q975: number;
}

export interface PairMatrices {
  /** Model slugs, in rating order. */
  models: string[];
  names: string[];
  /** wins[i][j]: votes in which model i beat model j. */
  wins: number[][];
  /** ties[i][j]: ties and both-bad votes between i and j. */
  ties: number[][];
}

export interface ScopeView {
  run: RunSummary;
  scope: ScopeSummary;
  styleControl: boolean;
  /** Sorted by rating, best first. */
  entries: LeaderboardEntry[];
  coefficients: StyleCoefficientEntry[];
  pairs: PairMatrices;
}

export interface HistoryPoint {
  runId: string;
  finishedAt: string;
  rating: number;
  q025: number;
  q975: number;
}

export interface RatingHistory {
  /** Runs, oldest first. */
  runs: { id: string; finishedAt: string }[];
  /** Per model slug. */
  series: { modelId: string; name: string; points: HistoryPoint[] }[];
}
