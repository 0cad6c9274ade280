import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { annotatorOverview } from "@/lib/admin/annotator-overview";
import { modelStats } from "@/lib/admin/model-stats";
import { moderationQueue } from "@/lib/admin/moderation-queue";
import { setModelActive } from "@/lib/admin/set-model-active";
import { setQuestionStatus } from "@/lib/admin/set-question-status";
import { setRole } from "@/lib/admin/set-role";
import { loadViewer } from "@/lib/auth/get-viewer";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { listJobs } from "@/lib/jobs/list-jobs";
import { startJob } from "@/lib/jobs/start-job";
import { createAnnotator, createVote, ensurePapers } from "./helpers/dataset-votes";
import { createUser, ensureArenaData } from "./helpers/fixtures";

// The admin area's library: background jobs with their status, model statistics from stored responses,
// moderation, annotators and roles.

const tag = randomUUID().slice(0, 6);

beforeAll(async () => {
  await ensureArenaData();
});

describe("background jobs", () => {
  // Each test uses its own kind, so jobs of other tests (or files) never conflict.
  const kind = () => `test-${randomUUID().slice(0, 8)}` as "ratings";

  it("records a job, runs it in the background and stores its result", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const k = kind();
    const job = await startJob(k, null, { [k]: async () => (await gate, { votes: 3 }) } as never);
    await expect(startJob(k, null, { [k]: async () => ({}) } as never)).rejects.toMatchObject({ code: "conflict" });
    release();
    await job.finished;
    const stored = await getDb().job.findUniqueOrThrow({ where: { id: job.id } });
    expect(stored).toMatchObject({ kind: k, status: "SUCCEEDED", result: { votes: 3 }, error: null });
    expect(stored.startedAt).not.toBeNull();
    expect(stored.finishedAt).not.toBeNull();
    expect((await listJobs(100)).find((j) => j.id === job.id)?.status).toBe("succeeded");
    // Once finished, the same kind can run again.
    await (await startJob(k, null, { [k]: async () => ({}) } as never)).finished;
  });

  it("stores a failure with its message", async () => {
    const k = kind();
    const job = await startJob(k, null, { [k]: async () => Promise.reject(new Error("no votes to rate")) } as never);
    await job.finished;
    expect(await getDb().job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "FAILED", error: "no votes to rate" });
  });

  it("treats a job left running for hours by a stopped process as failed instead of blocking new starts", async () => {
    const k = kind();
    const stale = await getDb().job.create({ data: { kind: k, status: "RUNNING", createdAt: new Date(Date.now() - 7 * 60 * 60 * 1000) } });
    await (await startJob(k, null, { [k]: async () => ({}) } as never)).finished;
    expect(await getDb().job.findUniqueOrThrow({ where: { id: stale.id } })).toMatchObject({ status: "FAILED" });
  });
});

describe("models", () => {
  it("reports error rate, median latencies and cost from the stored responses, and toggles activity", async () => {
    const db = getDb();
    const slug = `admin-${tag}`;
    const model = await db.model.create({ data: { slug, displayName: slug, organization: "T", license: "OPEN", provider: "demo", providerModel: slug } });
    const papers = await ensurePapers();
    const annotator = await createAnnotator("ModelStats");
    for (let i = 0; i < 3; i++) await createVote(papers, { annotator, choice: "A", modelA: slug, modelB: "demo-terse" });
    const responses = await db.response.findMany({ where: { modelId: model.id }, orderBy: { id: "asc" } });
    expect(responses).toHaveLength(3);
    // first-token 100, 200, 600 ms (median 200); totals 1000, 3000, 2000 (median 2000); one failed; cost .01 + .02.
    const values = [
      { firstTokenMs: 100, totalMs: 1000, costUsd: 0.01, status: "DONE" as const },
      { firstTokenMs: 200, totalMs: 3000, costUsd: 0.02, status: "DONE" as const },
      { firstTokenMs: 600, totalMs: 2000, costUsd: null, status: "FAILED" as const },
    ];
    for (const [i, r] of responses.entries()) await db.response.update({ where: { id: r.id }, data: values[i] });

    const stats = (await modelStats()).find((m) => m.slug === slug)!;
    expect(stats).toMatchObject({ responses: 3, failed: 1, medianFirstTokenMs: 200, medianTotalMs: 2000, active: true });
    expect(stats.errorRate).toBeCloseTo(1 / 3, 12);
    expect(stats.costUsd).toBeCloseTo(0.03, 12);

    await setModelActive(model.id, false);
    expect((await modelStats()).find((m) => m.slug === slug)?.active).toBe(false);
    await expect(setModelActive("no-such-model", true)).rejects.toBeInstanceOf(AppError);
  });
});

describe("moderation", () => {
  it("lists flagged questions first and hides or allows a question", async () => {
    const user = await createUser("moderated");
    const db = getDb();
    const flagged = await db.question.create({ data: { userId: user.id, text: `Flagged ${tag}`, moderationStatus: "FLAGGED", moderationReason: "word list" } });
    const plain = await db.question.create({ data: { userId: user.id, text: `Plain ${tag}` } });
    const queue = await moderationQueue(500);
    const firstAllowed = queue.findIndex((q) => q.status !== "flagged");
    expect(queue.findIndex((q) => q.id === flagged.id)).toBeLessThan(firstAllowed);
    expect(queue.find((q) => q.id === plain.id)?.status).toBe("allowed");

    expect(await setQuestionStatus(plain.id, "hide", "admin-1")).toEqual({ id: plain.id, status: "hidden" });
    expect((await db.question.findUniqueOrThrow({ where: { id: plain.id } })).moderationStatus).toBe("HIDDEN");
    await setQuestionStatus(plain.id, "allow", "admin-1");
    expect((await db.question.findUniqueOrThrow({ where: { id: plain.id } })).moderationStatus).toBe("ALLOWED");
    await expect(setQuestionStatus("missing", "hide", "admin-1")).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("annotators and roles", () => {
  it("lists flagged annotators first with their votes", async () => {
    const papers = await ensurePapers();
    const flagged = await createAnnotator("Flagged", { flag: "active" });
    await createVote(papers, { annotator: flagged, choice: "B" });
    const { annotators } = await annotatorOverview(1000);
    const row = annotators.find((a) => a.userId === flagged.id)!;
    expect(row).toMatchObject({ votes: 1, excluded: false });
    expect(row.activeFlags).toHaveLength(1);
    const lastFlagged = annotators.findLastIndex((a) => a.activeFlags.length > 0);
    expect(annotators.findIndex((a) => a.activeFlags.length === 0)).toBeGreaterThan(lastFlagged);
  });

  it("an admin grants and removes the admin role, but cannot remove their own", async () => {
    const adminUser = await createUser("granting-admin");
    await getDb().researcherProfile.create({ data: { userId: adminUser.id, role: "ADMIN" } });
    const admin = (await loadViewer(adminUser.id))!;
    const target = await createUser("promoted");
    expect((await loadViewer(target.id))?.isAdmin).toBe(false);
    await setRole(admin, target.id, "admin");
    expect((await loadViewer(target.id))?.role).toBe("admin");
    await setRole(admin, target.id, "researcher");
    expect((await loadViewer(target.id))?.isAdmin).toBe(false);
    await expect(setRole(admin, admin.id, "researcher")).rejects.toMatchObject({ code: "conflict" });
    await expect(setRole(admin, "missing-user", "admin")).rejects.toMatchObject({ code: "not_found" });
    const researcher = (await loadViewer(target.id))!;
    await expect(setRole(researcher, adminUser.id, "researcher")).rejects.toMatchObject({ code: "forbidden" });
  });
});
