// The public API's representation of a leaderboard view (pure): SciArena's row fields
// (modelId, rating, rank, num_battles, rating_q025, rating_q975, variance, cost_per_100_calls_usd) plus ours.
import type { RunSummary, ScopeView } from "./types";

export interface ApiRow {
  modelId: string;
  name: string;
  organization: string;
  license: "open" | "proprietary";
  rating: number;
  rank: number;
  num_battles: number;
  rating_q025: number;
  rating_q975: number;
  variance: number | null;
  cost_per_100_calls_usd: number | null;
  wins: number;
  losses: number;
  ties: number;
  win_rate: number;
  online_elo: number | null;
  provisional: boolean;
  flags: string[];
}

export const CSV_COLUMNS: (keyof ApiRow)[] = [
  "modelId",
  "name",
  "organization",
  "license",
  "rating",
  "rank",
  "num_battles",
  "rating_q025",
  "rating_q975",
  "variance",
  "cost_per_100_calls_usd",
  "wins",
  "losses",
  "ties",
  "win_rate",
  "online_elo",
  "provisional",
  "flags",
];

export function apiRows(view: ScopeView): ApiRow[] {
  return view.entries.map((e) => ({
    modelId: e.modelId,
    name: e.name,
    organization: e.organization,
    license: e.license,
    rating: e.rating,
    rank: e.rank,
    num_battles: e.battles,
    rating_q025: e.q025,
    rating_q975: e.q975,
    variance: e.variance,
    cost_per_100_calls_usd: e.costPer100Usd,
    wins: e.wins,
    losses: e.losses,
    ties: e.ties,
    win_rate: e.winRate,
    online_elo: e.onlineElo,
    provisional: e.flags.length > 0,
    flags: e.flags,
  }));
}

function runJson(run: RunSummary) {
  return {
    id: run.id,
    finished_at: run.finishedAt,
    votes: run.votesUsed,
    code_version: run.codeVersion,
    bootstrap_rounds: run.bootstrapRounds,
  };
}

export function apiJson(view: ScopeView, include: { matrices: boolean }) {
  return {
    run: runJson(view.run),
    scope: view.scope.key,
    style_control: view.styleControl,
    scope_votes: view.scope.votes,
    scopes: view.run.scopes.map((s) => ({ scope: s.key, votes: s.votes, models: s.models, style_control: s.hasStyleControl })),
    rows: apiRows(view),
    ...(view.styleControl
      ? { style_coefficients: view.coefficients.map((c) => ({ feature: c.feature, value: c.value, q025: c.q025, q975: c.q975 })) }
      : {}),
    ...(include.matrices ? { pair_counts: { models: view.pairs.models, wins: view.pairs.wins, ties: view.pairs.ties } } : {}),
  };
}

/** A CSV cell: quoted when needed; text that a spreadsheet would run as a formula is prefixed with '. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return csvCell(value.join(";"));
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function apiCsv(view: ScopeView): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const row of apiRows(view)) lines.push(CSV_COLUMNS.map((c) => csvCell(row[c])).join(","));
  return lines.join("\r\n") + "\r\n";
}
