// Small hand-made leaderboard views for unit tests.
import type { LeaderboardEntry, RunSummary, ScopeSummary, ScopeView } from "./types";

export const SCOPES: ScopeSummary[] = [
  { key: "overall", kind: "overall", name: "", slug: "", votes: 300, models: 3, hasStyleControl: true },
  { key: "discipline:Humanities & Social Science", kind: "discipline", name: "Humanities & Social Science", slug: "humanities-social-science", votes: 120, models: 3, hasStyleControl: false },
  { key: "category:Methods", kind: "category", name: "Methods", slug: "methods", votes: 80, models: 2, hasStyleControl: true },
];

export const RUN: RunSummary = {
  id: "run1",
  finishedAt: "2026-11-30T14:05:00.000Z",
  votesUsed: 300,
  codeVersion: "v0.1.0",
  bootstrapRounds: 1000,
  styleRounds: 100,
  styleIntervals: "bootstrap",
  minVotes: { overall: 20, discipline: 20, category: 20 },
  scopes: SCOPES,
};

export function entry(overrides: Partial<LeaderboardEntry> & Pick<LeaderboardEntry, "modelId">): LeaderboardEntry {
  return {
    name: overrides.modelId.toUpperCase(),
    organization: "Org",
    license: "open",
    rating: 1000,
    q025: 980,
    q975: 1020,
    variance: 100,
    rank: 1,
    battles: 100,
    wins: 40,
    losses: 40,
    ties: 20,
    winRate: 0.5,
    costPer100Usd: 0.5,
    onlineElo: 1001,
    flags: [],
    ...overrides,
  };
}

export const VIEW: ScopeView = {
  run: RUN,
  scope: SCOPES[0],
  styleControl: false,
  entries: [
    entry({ modelId: "alpha", name: "Alpha, \"large\"", rating: 1050, q025: 1030, q975: 1070, rank: 1, costPer100Usd: 1.25 }),
    entry({ modelId: "beta", name: "=HYPERLINK(1)", rating: 1000, rank: 2, license: "proprietary", costPer100Usd: null, flags: ["undefeated"] }),
    entry({ modelId: "gamma", rating: 950, q025: 900, q975: 990, rank: 2, onlineElo: null }),
  ],
  coefficients: [],
  pairs: {
    models: ["alpha", "beta", "gamma"],
    names: ["Alpha", "Beta", "Gamma"],
    wins: [
      [0, 30, 40],
      [20, 0, 25],
      [10, 15, 0],
    ],
    ties: [
      [0, 10, 0],
      [10, 0, 5],
      [0, 5, 0],
    ],
  },
};
