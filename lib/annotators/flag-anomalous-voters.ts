import { getDb } from "@/lib/db";
import { detectAnomalousVoter, type AnomalySettings, type TestedVote } from "@/lib/quality/detect-anomalous-voter";
import type { Outcome, OutcomeCounts } from "@/lib/quality/vote-p-value";

// Runs the anomalous-voter test (lib/quality, docs/decisions/071-vote-quality.md) over stored votes and records
// a flag for each newly flagged researcher. lib/votes/counted-votes.ts then leaves all their votes out of the
// ratings and the dataset until an admin reinstates them.

export const ANOMALY_TEST = "fisher-anomaly";

interface VoteRow {
  userId: string;
  choice: "A" | "B" | "TIE" | "BOTH_BAD";
  modelAId: string;
  modelBId: string;
  createdAt: Date;
}

export interface FlagRunSummary {
  votes: number;
  votersTested: number;
  flagged: { userId: string; statistic: number; threshold: number; votes: number }[];
}

/** The pair seen from its first model (the smaller id): 1 it won, 0 it lost, 0.5 tie or both bad. */
function orient(row: VoteRow): { pair: string; outcome: Outcome } {
  const aFirst = row.modelAId < row.modelBId;
  const pair = aFirst ? `${row.modelAId}|${row.modelBId}` : `${row.modelBId}|${row.modelAId}`;
  if (row.choice === "TIE" || row.choice === "BOTH_BAD") return { pair, outcome: 0.5 };
  const firstWon = (row.choice === "A") === aFirst;
  return { pair, outcome: firstWon ? 1 : 0 };
}

const add = (counts: OutcomeCounts, outcome: Outcome, by: number) => {
  counts[outcome === 1 ? "won" : outcome === 0 ? "lost" : "tied"] += by;
};

export interface FlagRunOptions {
  /** Test only these voters (an admin re-checking one annotator); the reference pool is still everyone. */
  onlyUsers?: readonly string[];
  now?: Date;
}

export async function flagAnomalousVoters(settings: AnomalySettings, options: FlagRunOptions = {}): Promise<FlagRunSummary> {
  const now = options.now ?? new Date();
  const only = options.onlyUsers ? new Set(options.onlyUsers) : null;
  const db = getDb();
  const rows = await db.$queryRaw<VoteRow[]>`
    SELECT v."userId", v.choice::text AS choice, b."modelAId", b."modelBId", v."createdAt"
    FROM "Vote" v JOIN "Battle" b ON b.id = v."battleId"
    WHERE v.counted AND b.status = 'VOTED'
    ORDER BY v."createdAt", v.id`;
  const profiles = await db.researcherProfile.findMany({ where: { excludedAt: { not: null } }, select: { userId: true } });
  const flags = await db.annotatorFlag.findMany({ select: { userId: true, reinstatedAt: true } });
  const excluded = new Set(profiles.map((p) => p.userId));
  const activeFlag = new Set(flags.filter((f) => f.reinstatedAt === null).map((f) => f.userId));
  // After a reinstatement only newer votes are tested (the old ones were judged by an admin).
  const testFrom = new Map<string, Date>();
  for (const f of flags) {
    if (f.reinstatedAt && (testFrom.get(f.userId) ?? new Date(0)) < f.reinstatedAt) testFrom.set(f.userId, f.reinstatedAt);
  }

  // Reference pool: votes of researchers who are neither excluded nor flagged.
  const oriented = rows.map((row) => ({ row, ...orient(row) }));
  const inPool = (userId: string) => !excluded.has(userId) && !activeFlag.has(userId);
  const totals = new Map<string, OutcomeCounts>();
  const own = new Map<string, OutcomeCounts>();
  for (const vote of oriented) {
    if (!inPool(vote.row.userId)) continue;
    const key = vote.pair;
    if (!totals.has(key)) totals.set(key, { lost: 0, tied: 0, won: 0 });
    add(totals.get(key)!, vote.outcome, 1);
    const ownKey = `${vote.row.userId}#${key}`;
    if (!own.has(ownKey)) own.set(ownKey, { lost: 0, tied: 0, won: 0 });
    add(own.get(ownKey)!, vote.outcome, 1);
  }

  const byUser = new Map<string, TestedVote[]>();
  for (const vote of oriented) {
    const userId = vote.row.userId;
    if (!inPool(userId) || (only && !only.has(userId))) continue;
    const since = testFrom.get(userId);
    if (since && vote.row.createdAt <= since) continue;
    const total = totals.get(vote.pair)!;
    const mine = own.get(`${userId}#${vote.pair}`)!;
    const others = { lost: total.lost - mine.lost, tied: total.tied - mine.tied, won: total.won - mine.won };
    const list = byUser.get(userId) ?? [];
    list.push({ outcome: vote.outcome, others });
    byUser.set(userId, list);
  }

  const summary: FlagRunSummary = { votes: rows.length, votersTested: byUser.size, flagged: [] };
  for (const [userId, votes] of byUser) {
    const result = detectAnomalousVoter(votes, settings);
    if (!result.flagged || !result.decisive) continue;
    const { decisive } = result;
    await db.annotatorFlag.create({
      data: {
        userId,
        test: ANOMALY_TEST,
        pValue: decisive.pValue,
        statistic: decisive.statistic,
        flaggedAt: now,
        details: {
          votes: decisive.votes,
          threshold: decisive.threshold,
          degreesOfFreedom: 2 * decisive.votes,
          alpha: settings.alpha,
          checkpoints: [...settings.checkpoints],
          minOthers: settings.minOthers,
          testedVotes: result.testedVotes,
        },
      },
    });
    summary.flagged.push({ userId, statistic: decisive.statistic, threshold: decisive.threshold, votes: decisive.votes });
  }
  return summary;
}
