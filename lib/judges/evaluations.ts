import type { JudgeEvaluation, JudgeGroupMetrics } from "@/lib/dataset";
import { getDb, type Db } from "@/lib/db";

// Stored judge evaluations (the JudgeEvaluation table), written by `npm run eval:judge` and listed on
// /judges and GET /api/judges.

export interface StoreJudgeEvaluationInput {
  judge: string;
  judgeProvider: string;
  judgeModel: string;
  dataset: string;
  datasetSha256: string;
  promptVersion: string;
  evaluation: JudgeEvaluation;
  durationMs: number;
}

export async function storeJudgeEvaluation(db: Db, input: StoreJudgeEvaluationInput): Promise<string> {
  const overall = input.evaluation.overall;
  if (overall.records === 0 || overall.accuracy.value === null || overall.accuracy.ci95 === null || overall.accuracyOriginalOrder.value === null) {
    throw new Error("nothing to store: no record with an A or B vote was judged");
  }
  const row = await db.judgeEvaluation.create({
    data: {
      judge: input.judge,
      judgeProvider: input.judgeProvider,
      judgeModel: input.judgeModel,
      dataset: input.dataset,
      datasetSha256: input.datasetSha256,
      records: overall.records,
      accuracy: overall.accuracy.value,
      accuracyLow: overall.accuracy.ci95[0],
      accuracyHigh: overall.accuracy.ci95[1],
      accuracyOriginalOrder: overall.accuracyOriginalOrder.value,
      positionConsistency: overall.positionConsistency.value,
      unparseable: overall.unparseable,
      promptVersion: input.promptVersion,
      metrics: JSON.parse(JSON.stringify(input.evaluation)),
      durationMs: input.durationMs,
    },
    select: { id: true },
  });
  return row.id;
}

export interface GroupAccuracy {
  group: string | null;
  records: number;
  accuracy: number | null;
  ci95: [number, number] | null;
}

export interface JudgeEvaluationSummary {
  id: string;
  judge: string;
  judgeProvider: string;
  judgeModel: string;
  dataset: string;
  datasetSha256: string;
  records: number;
  accuracy: number;
  accuracyCi95: [number, number];
  accuracyOriginalOrder: number;
  accuracyOriginalOrderCi95: [number, number] | null;
  positionConsistency: number | null;
  firstPositionRate: number | null;
  unparseable: number;
  promptVersion: string;
  createdAt: string;
  bySubject: GroupAccuracy[];
  byQuestionType: GroupAccuracy[];
}

function groups(value: unknown): GroupAccuracy[] {
  if (!Array.isArray(value)) return [];
  return (value as Partial<JudgeGroupMetrics>[]).map((metrics) => ({
    group: metrics.group ?? null,
    records: metrics.records ?? 0,
    accuracy: metrics.accuracy?.value ?? null,
    ci95: metrics.accuracy?.ci95 ?? null,
  }));
}

export async function listJudgeEvaluations({ limit = 100, db = getDb() }: { limit?: number; db?: Db } = {}): Promise<JudgeEvaluationSummary[]> {
  const rows = await db.judgeEvaluation.findMany({ orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: limit });
  return rows.map((row) => {
    const metrics = (row.metrics ?? {}) as Partial<JudgeEvaluation>;
    return {
      id: row.id,
      judge: row.judge,
      judgeProvider: row.judgeProvider,
      judgeModel: row.judgeModel,
      dataset: row.dataset,
      datasetSha256: row.datasetSha256,
      records: row.records,
      accuracy: row.accuracy,
      accuracyCi95: [row.accuracyLow, row.accuracyHigh],
      accuracyOriginalOrder: row.accuracyOriginalOrder,
      accuracyOriginalOrderCi95: metrics.overall?.accuracyOriginalOrder?.ci95 ?? null,
      positionConsistency: row.positionConsistency,
      firstPositionRate: metrics.overall?.firstPositionRate ?? null,
      unparseable: row.unparseable,
      promptVersion: row.promptVersion,
      createdAt: row.createdAt.toISOString(),
      bySubject: groups(metrics.bySubject),
      byQuestionType: groups(metrics.byQuestionType),
    };
  });
}
