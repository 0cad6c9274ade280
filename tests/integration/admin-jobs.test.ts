import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MODELS } from "@/lib/ai/demo/catalog";
import { connectDb, getDb } from "@/lib/db";
import { migrate } from "@/lib/db/migrate";
import { resetEnvCache } from "@/lib/env";
import { readCurrentSnapshot } from "@/lib/dataset-export/snapshots";
import { startJob } from "@/lib/jobs/start-job";
import { syncModels } from "@/lib/models/sync-models";
import { createAnnotator, createVote, ensurePapers } from "./helpers/dataset-votes";
import { createScratchDatabase } from "./helpers/scratch-database";

// The admin area's three background jobs with their real work (rating job, dataset export, anomalous-voter
// check), in a database of their own so their ratings, snapshot and flags cannot touch other test files.

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
const exportDir = mkdtempSync(path.join(tmpdir(), "admin-jobs-"));

beforeAll(async () => {
  scratch = await createScratchDatabase();
  await migrate(scratch.url);
  connectDb(scratch.url);
  Object.assign(process.env, {
    DATASET_DIR: exportDir,
    DATASET_SALT: "admin-jobs-test-salt-0123456789",
    RATINGS_MIN_VOTES: "5",
    RATINGS_MIN_VOTES_DISCIPLINE: "5",
    RATINGS_MIN_VOTES_CATEGORY: "5",
  });
  resetEnvCache();
  await syncModels(DEMO_MODELS);
  const papers = await ensurePapers();
  const [first, second, third] = DEMO_MODELS.map((m) => m.slug);
  const voters = [await createAnnotator("JobsA"), await createAnnotator("JobsB")];
  // A round robin of the three demo models, with each side winning sometimes.
  const pairs: [string, string][] = [[first, second], [second, third], [third, first]];
  for (let i = 0; i < 24; i++) {
    const [modelA, modelB] = pairs[i % 3];
    await createVote(papers, { annotator: voters[i % 2], choice: i % 4 === 0 ? "B" : i % 7 === 0 ? "TIE" : "A", modelA, modelB });
  }
});

afterAll(async () => {
  await scratch?.drop();
  rmSync(exportDir, { recursive: true, force: true });
});

async function runToEnd(kind: "ratings" | "export" | "quality") {
  const job = await startJob(kind, null);
  expect((await getDb().job.findUniqueOrThrow({ where: { id: job.id } })).status).toMatch(/QUEUED|RUNNING/);
  await job.finished;
  return getDb().job.findUniqueOrThrow({ where: { id: job.id } });
}

describe("admin background jobs, real work", () => {
  it("the rating job stores a finished rating run and reports it", async () => {
    const job = await runToEnd("ratings");
    expect(job.error).toBeNull();
    expect(job.status).toBe("SUCCEEDED");
    const result = job.result as { runId: string; votes: number; models: number };
    expect(result.votes).toBe(24);
    expect(result.models).toBe(DEMO_MODELS.length);
    const run = await getDb().ratingRun.findUniqueOrThrow({ where: { id: result.runId } });
    expect(run.finishedAt).not.toBeNull();
    expect(run.votesUsed).toBe(24);
  });

  it("the export publishes a snapshot the site serves", async () => {
    const job = await runToEnd("export");
    expect(job.error).toBeNull();
    expect(job.status).toBe("SUCCEEDED");
    const result = job.result as { snapshot: string; train: number };
    expect(result.train).toBe(24);
    expect((await readCurrentSnapshot(exportDir))?.id).toBe(result.snapshot);
  });

  it("the anomaly check tests the voters and flags none of these consistent ones", async () => {
    const job = await runToEnd("quality");
    expect(job.status).toBe("SUCCEEDED");
    expect(job.result).toMatchObject({ votes: 24, flagged: 0 });
    expect(await getDb().annotatorFlag.count()).toBe(0);
  });
});
