import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { JOB_RUNNERS, type JobKind } from "./job-kinds";

const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

export interface StartedJob {
  id: string;
  kind: JobKind;
  finished: Promise<void>;
}

/**
 * Records a job and runs it in this process in the background; its status, result or error is written to the
 * Job row, which the admin page reads. One job of a kind at a time: a second start while one is queued or
 * running is refused, unless it is older than STALE_AFTER_MS: then its process is taken to have stopped (a
 * restart or a crash) and it is marked failed.
 */
export async function startJob(kind: JobKind, createdById: string | null, runners = JOB_RUNNERS): Promise<StartedJob> {
  const db = getDb();
  const job = await db.$transaction(async (tx) => {
    // Serialize starts of one kind across instances.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`job:${kind}`}))`;
    await tx.job.updateMany({
      where: { kind, status: { in: ["QUEUED", "RUNNING"] }, createdAt: { lt: new Date(Date.now() - STALE_AFTER_MS) } },
      data: { status: "FAILED", finishedAt: new Date(), error: "Abandoned: the process running it stopped." },
    });
    const running = await tx.job.findFirst({ where: { kind, status: { in: ["QUEUED", "RUNNING"] } } });
    if (running) throw new AppError("conflict", `A ${kind} job is already ${running.status.toLowerCase()} (started ${running.createdAt.toISOString()}).`);
    return tx.job.create({ data: { kind, createdById } });
  });
  const finished = (async () => {
    await db.job.update({ where: { id: job.id }, data: { status: "RUNNING", startedAt: new Date() } });
    try {
      const result = await runners[kind]();
      await db.job.update({ where: { id: job.id }, data: { status: "SUCCEEDED", finishedAt: new Date(), result: JSON.parse(JSON.stringify(result)) } });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error("admin job failed", { id: job.id, kind, error: message });
      await db.job.update({ where: { id: job.id }, data: { status: "FAILED", finishedAt: new Date(), error: message.slice(0, 2000) } }).catch(() => {});
    }
  })();
  return { id: job.id, kind, finished };
}
