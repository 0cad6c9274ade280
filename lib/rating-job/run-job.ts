import type pg from "pg";
import type { Db } from "@/lib/db";
import { COUNTED_VOTES_VERSION, type CountedVotesOptions, type VoteExclusions } from "@/lib/votes/counted-votes";
import { computeScopes, type JobSettings, type ProgressListener, type ScopeResult } from "./compute";
import { readGroupedCounts, readModelCosts, readModels, readVotes, type ModelCost, type ModelRow } from "./load";
import { storeRun } from "./store";
import type { StreamedVotes } from "./streamed-votes";

// The rating job (DESIGN §6): read counted votes from PostgreSQL, compute every scope, store a RatingRun.

export class NotEnoughVotesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotEnoughVotesError";
  }
}

export interface RatingJobRequest {
  settings: JobSettings;
  counted: CountedVotesOptions;
  codeVersion: string;
  /** Rows per FETCH from the vote cursor. */
  fetchSize?: number;
  /** Compute and report, store nothing. */
  dryRun?: boolean;
  /** PostgreSQL work_mem for the read transaction (default 256MB). */
  workMem?: string;
  progress?: ProgressListener;
}

export interface RatingJobTimings {
  /** The GROUP BY of the pair counts and the exclusion report (one pass). */
  groupByMs: number;
  /** Streaming the votes through the cursor into columns (0 when not needed). */
  streamMs: number;
  costsMs: number;
  /** Plain fits + bootstraps, style fits + bootstraps, online Elo, of every scope. */
  computeMs: number;
  storeMs: number;
  totalMs: number;
}

export interface RatingJobOutcome {
  runId: string | null;
  startedAt: Date;
  models: ModelRow[];
  votes: number;
  exclusions: VoteExclusions;
  results: ScopeResult[];
  costs: Map<string, ModelCost>;
  timings: RatingJobTimings;
  /** Bytes of the streamed vote columns (0 when not streamed). */
  streamedBytes: number;
}

function columnBytes(votes: StreamedVotes | null): number {
  if (votes === null) return 0;
  const arrays = [votes.columns.modelA, votes.columns.modelB, votes.columns.outcome, votes.discipline, votes.category, votes.labels, ...votes.features.map((f) => f.difference)];
  return arrays.reduce((sum, array) => sum + array.byteLength, 0);
}

export async function runRatingJob(pool: pg.Pool, db: Db, request: RatingJobRequest): Promise<RatingJobOutcome> {
  const startedAt = new Date();
  const t0 = performance.now();
  const { settings, counted } = request;
  const client = await pool.connect();
  let models: ModelRow[];
  let exclusions: VoteExclusions;
  let grouped: Awaited<ReturnType<typeof readGroupedCounts>>;
  let votes: StreamedVotes | null = null;
  let costs: Map<string, ModelCost>;
  let groupByMs: number;
  let streamMs = 0;
  let costsMs: number;
  try {
    // One snapshot for everything read below; read-only, so it never blocks writers on PostgreSQL.
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    // Room for the hash joins, the GROUP BY and the sort of one batch job, so they stay in memory.
    await client.query(`SET LOCAL work_mem = '${request.workMem ?? "256MB"}'`);
    models = await readModels(client);
    if (settings.style || settings.elo) {
      // One pass over the votes yields the columns, every scope's pair counts, the exclusions and the costs.
      const s0 = performance.now();
      const loaded = await readVotes(client, counted, models, {
        fetchSize: request.fetchSize ?? 20_000,
        onBatch: (done, total) => request.progress?.("reading votes", done, total),
      });
      streamMs = performance.now() - s0;
      groupByMs = 0;
      costsMs = 0;
      grouped = loaded.grouped;
      votes = loaded.streamed;
      costs = loaded.costs;
      exclusions = grouped.exclusions;
    } else {
      const modelIndex = new Map(models.map((m, i) => [m.id, i]));
      const g0 = performance.now();
      grouped = await readGroupedCounts(client, counted, modelIndex);
      exclusions = grouped.exclusions;
      groupByMs = performance.now() - g0;
      const c0 = performance.now();
      costs = await readModelCosts(client, counted);
      costsMs = performance.now() - c0;
    }
    if (grouped.votes === 0) {
      throw new NotEnoughVotesError(
        `no counted votes (${exclusions.stored} stored; see docs/decisions/050-counted-votes.md for what counts)`,
      );
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }

  const m0 = performance.now();
  const modelIds = models.map((m) => m.id);
  const results = computeScopes(modelIds, grouped.scopes, votes, settings, request.progress);
  const computeMs = performance.now() - m0;
  const streamedBytes = columnBytes(votes);
  votes = null;

  const overall = results.find((r) => r.scope.kind === "overall");
  if (overall === undefined || overall.skipped !== null) {
    throw new NotEnoughVotesError(
      `${grouped.votes} counted votes, but fewer than two models have at least ${settings.minVotes.overall} votes among themselves ` +
        `(lower it with --min-votes or RATINGS_MIN_VOTES)`,
    );
  }

  const timings: RatingJobTimings = { groupByMs, streamMs, costsMs, computeMs, storeMs: 0, totalMs: 0 };
  const params = {
    countedVotes: { version: COUNTED_VOTES_VERSION, requireConsent: counted.requireConsent },
    scale: { scale: 400, base: 10, init: 1000 },
    bootstrapRounds: settings.bootstrapRounds,
    seed: settings.seed,
    minVotes: settings.minVotes,
    styleControl: settings.style
      ? {
          features: settings.styleFeatures,
          rounds: settings.styleRounds,
          intervals: settings.styleIntervals,
          resampling: settings.styleResampling,
          l2Penalty: settings.l2Penalty,
          lengthUnit: "UTF-8 bytes of the displayed answer",
        }
      : null,
    onlineElo: settings.elo ? { k: settings.eloK, order: "vote time" } : null,
    exclusions,
    scopes: results.map((r) => ({
      scope: r.scope.key,
      votes: r.plain.votes,
      models: r.plain.rows.length,
      styleFeatures: r.styleFeatures,
      skipped: r.skipped,
    })),
    streamedColumnBytes: streamedBytes,
    timingsMs: timings,
  };

  let runId: string | null = null;
  if (!request.dryRun) {
    const w0 = performance.now();
    timings.totalMs = Math.round(w0 - t0);
    runId = await storeRun(db, {
      startedAt,
      durationMs: Math.round(w0 - t0),
      codeVersion: request.codeVersion,
      votesUsed: grouped.votes,
      params,
      results,
      costs,
    });
    timings.storeMs = performance.now() - w0;
  }
  timings.totalMs = performance.now() - t0;
  return { runId, startedAt, models, votes: grouped.votes, exclusions, results, costs, timings, streamedBytes };
}
