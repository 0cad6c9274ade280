import { getDb } from "@/lib/db";

export interface JobView {
  id: string;
  kind: string;
  status: "queued" | "running" | "succeeded" | "failed";
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  result: unknown;
  error: string | null;
}

/** The newest jobs, newest first. */
export async function listJobs(limit = 20): Promise<JobView[]> {
  const rows = await getDb().job.findMany({ orderBy: { createdAt: "desc" }, take: limit });
  return rows.map((job) => ({
    id: job.id,
    kind: job.kind,
    status: job.status.toLowerCase() as JobView["status"],
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    result: job.result,
    error: job.error,
  }));
}
