import { flagAnomalousVoters } from "@/lib/annotators/flag-anomalous-voters";
import { getDb, getPool } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { publishSnapshot } from "@/lib/dataset-export/snapshots";
import { DEFAULT_SETTINGS } from "@/lib/rating-job/compute";
import { runRatingJob } from "@/lib/rating-job/run-job";

// The background jobs an admin can start, each a function returning a small JSON summary for the Job row.

export const JOB_KINDS = ["ratings", "export", "quality"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const JOB_LABELS: Record<JobKind, string> = {
  ratings: "Rating job (npm run ratings)",
  export: "Dataset export (npm run export)",
  quality: "Anomalous-voter check",
};

export const JOB_RUNNERS: Record<JobKind, () => Promise<Record<string, unknown>>> = {
  async ratings() {
    const env = getEnv();
    const outcome = await runRatingJob(getPool(), getDb(), {
      settings: {
        ...DEFAULT_SETTINGS,
        minVotes: { overall: env.RATINGS_MIN_VOTES, discipline: env.RATINGS_MIN_VOTES_DISCIPLINE, category: env.RATINGS_MIN_VOTES_CATEGORY },
        // The web process serves requests meanwhile; `npm run ratings` uses the other cores.
        threads: 1,
      },
      counted: { requireConsent: env.RATINGS_REQUIRE_CONSENT },
      codeVersion: "admin-job",
    });
    return { runId: outcome.runId, votes: outcome.votes, models: outcome.models.length, exclusions: outcome.exclusions };
  },
  async export() {
    const result = await publishSnapshot(getPool());
    return { snapshot: result.snapshot.id, train: result.manifest.splits.train.stats.total, eval: result.manifest.splits.eval.stats.total };
  },
  async quality() {
    const env = getEnv();
    const summary = await flagAnomalousVoters({ checkpoints: env.ANOMALY_CHECKPOINTS, alpha: env.ANOMALY_ALPHA, minOthers: env.ANOMALY_MIN_OTHERS });
    return { votes: summary.votes, votersTested: summary.votersTested, flagged: summary.flagged.length };
  },
};
