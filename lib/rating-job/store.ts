import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ScopeResult } from "./compute";
import type { ModelCost } from "./load";

export interface StoredRunInput {
  startedAt: Date;
  durationMs: number;
  codeVersion: string;
  votesUsed: number;
  params: Record<string, unknown>;
  results: readonly ScopeResult[];
  costs: ReadonlyMap<string, ModelCost>;
}

const round = (value: number) => Math.round(value);

function scopeDetails(result: ScopeResult) {
  return {
    minVotes: result.minVotes,
    // Models with votes in the scope that fell short of the minimum (models never seen here are omitted).
    excluded: result.plain.excluded.filter((m) => m.battles > 0).map((m) => ({ modelId: m.model, battles: m.battles })),
    fit: result.plain.fit,
    bootstrap: result.plain.bootstrap,
    style:
      result.style === null
        ? { skipped: result.styleSkipped }
        : {
            features: result.styleFeatures,
            votes: result.style.votes,
            intervals: result.style.intervals,
            fit: result.style.fit,
          },
    labels: result.labels,
  };
}

/**
 * Writes a finished run, its rows, style coefficients and scopes in one transaction: the leaderboard (which
 * reads the newest run with finishedAt set) sees all of it or none of it.
 */
export async function storeRun(db: Db, input: StoredRunInput): Promise<string> {
  const rated = input.results.filter((r) => r.skipped === null);
  const costOf = (modelId: string) => {
    const mean = input.costs.get(modelId)?.meanCostUsd;
    return mean === null || mean === undefined ? null : 100 * mean;
  };
  return db.$transaction(
    async (tx) => {
      const run = await tx.ratingRun.create({
        data: {
          startedAt: input.startedAt,
          finishedAt: new Date(),
          params: input.params as Prisma.InputJsonValue,
          votesUsed: input.votesUsed,
          codeVersion: input.codeVersion,
          durationMs: input.durationMs,
        },
        select: { id: true },
      });
      const rows: Prisma.RatingRowCreateManyInput[] = [];
      const coefficients: Prisma.StyleCoefficientCreateManyInput[] = [];
      const scopes: Prisma.RatingScopeCreateManyInput[] = [];
      for (const result of rated) {
        const scope = result.scope.key;
        for (const row of result.plain.rows) {
          rows.push({
            runId: run.id,
            scope,
            styleControl: false,
            modelId: row.model,
            rating: row.rating,
            q025: row.q025,
            q975: row.q975,
            variance: row.variance,
            rank: row.rank,
            battles: round(row.battles),
            wins: round(row.wins),
            losses: round(row.losses),
            ties: round(row.ties),
            onlineElo: result.onlineElo?.[row.model] ?? null,
            costPer100Usd: costOf(row.model),
            flags: row.flags,
          });
        }
        if (result.style !== null) {
          for (const row of result.style.rows) {
            rows.push({
              runId: run.id,
              scope,
              styleControl: true,
              modelId: row.model,
              rating: row.rating,
              q025: row.q025,
              q975: row.q975,
              variance: row.variance,
              rank: row.rank,
              battles: round(row.battles),
              wins: round(row.wins),
              losses: round(row.losses),
              ties: round(row.ties),
              onlineElo: null,
              costPer100Usd: costOf(row.model),
              flags: row.flags,
            });
          }
          for (const c of result.style.coefficients) {
            coefficients.push({ runId: run.id, scope, feature: c.feature, value: c.value, q025: c.q025, q975: c.q975 });
          }
        }
        scopes.push({
          runId: run.id,
          scope,
          votes: round(result.plain.votes),
          models: result.plain.rows.length,
          pairs: result.pairs as unknown as Prisma.InputJsonValue,
          details: scopeDetails(result) as unknown as Prisma.InputJsonValue,
        });
      }
      if (rows.length > 0) await tx.ratingRow.createMany({ data: rows });
      if (coefficients.length > 0) await tx.styleCoefficient.createMany({ data: coefficients });
      if (scopes.length > 0) await tx.ratingScope.createMany({ data: scopes });
      return run.id;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}
