import { getDb } from "@/lib/db";

export interface ModelStats {
  id: string;
  slug: string;
  displayName: string;
  active: boolean;
  responses: number;
  failed: number;
  /** failed / responses (0 without responses). */
  errorRate: number;
  medianFirstTokenMs: number | null;
  medianTotalMs: number | null;
  costUsd: number;
}

/** Per model, from its stored responses: how often it failed, how fast it answered, what it cost. */
export async function modelStats(): Promise<ModelStats[]> {
  const rows = await getDb().$queryRaw<
    { id: string; slug: string; displayName: string; active: boolean; responses: number; failed: number; firstTokenMs: number | null; totalMs: number | null; costUsd: number | null }[]
  >`
    SELECT m.id, m.slug, m."displayName", m.active,
           count(r.id)::int AS responses,
           count(r.id) FILTER (WHERE r.status = 'FAILED')::int AS failed,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY r."firstTokenMs")::float8 AS "firstTokenMs",
           percentile_cont(0.5) WITHIN GROUP (ORDER BY r."totalMs")::float8 AS "totalMs",
           sum(r."costUsd")::float8 AS "costUsd"
    FROM "Model" m LEFT JOIN "Response" r ON r."modelId" = m.id
    GROUP BY m.id, m.slug, m."displayName", m.active
    ORDER BY m.slug`;
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    displayName: row.displayName,
    active: row.active,
    responses: row.responses,
    failed: row.failed,
    errorRate: row.responses === 0 ? 0 : row.failed / row.responses,
    medianFirstTokenMs: row.firstTokenMs,
    medianTotalMs: row.totalMs,
    costUsd: row.costUsd ?? 0,
  }));
}
