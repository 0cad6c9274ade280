import { z } from "zod";
import { requireAdmin } from "@/lib/auth/require-admin";
import { json, parseWith, readJson, route } from "@/lib/http/route";
import { JOB_KINDS } from "@/lib/jobs/job-kinds";
import { listJobs } from "@/lib/jobs/list-jobs";
import { startJob } from "@/lib/jobs/start-job";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ kind: z.enum(JOB_KINDS, { message: `kind must be one of: ${JOB_KINDS.join(", ")}` }) }).strict();

/** Recent background jobs and their status (admins only). */
export const GET = route(async () => {
  await requireAdmin();
  return json({ jobs: await listJobs() });
});

/** Starts the rating job, the export or the anomaly check in the background; 202 with the job id. */
export const POST = route(async (request) => {
  const admin = await requireAdmin();
  const { kind } = parseWith(bodySchema, await readJson(request));
  const job = await startJob(kind, admin.id);
  return json({ id: job.id, kind: job.kind, status: "queued" }, { status: 202 });
});
