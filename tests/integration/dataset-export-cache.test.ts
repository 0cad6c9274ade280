import { readdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MODELS } from "@/lib/ai/demo/catalog";
import type { StoredPaper, StoredVote } from "@/lib/dataset";
import { DATASET_FILES, exportDataset, type ExportSummary } from "@/lib/dataset-export/export-dataset";
import { connectDb, getPool } from "@/lib/db";
import { migrate } from "@/lib/db/migrate";
import { syncModels } from "@/lib/models/sync-models";
import { createAnnotator, createVote, ensurePapers, type Annotator } from "./helpers/dataset-votes";
import { createScratchDatabase } from "./helpers/scratch-database";

// The export's unit cache (docs/decisions/022-export-unit-cache.md): an export with the cache writes the
// same bytes as one without, reuses the units whose records did not change, and encodes again what an
// edit of published content (caught by the DatasetContentVersion triggers) or a new vote touched.

const SALT = "cache-test-salt-0123456789abcdef";
const settings = { salt: SALT, seed: 5, votesPerSide: 3, requireConsent: true };
/** Small units, so that a few dozen votes make several. */
const ROW_GROUP_SIZE = 4;

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let papers: StoredPaper[];
let ada: Annotator;
const votes: StoredVote[] = [];
const dirs: string[] = [];
let cacheDir: string;

function freshDir(label: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `dataset-cache-${label}-`));
  dirs.push(dir);
  return dir;
}

const sql = (text: string, values: unknown[] = []) => getPool().query(text, values);
const contentVersion = async () => (await sql(`SELECT version::text AS v FROM "DatasetContentVersion" WHERE id = 1`)).rows[0].v as string;

/** Exports with the shared cache and without any, checks both give the same bytes, returns the cached run's summary and folder. */
async function exportBothWays(label: string): Promise<{ summary: ExportSummary; dir: string }> {
  const cached = freshDir(`${label}-cached`);
  const summary = await exportDataset(getPool(), cached, { settings, rowGroupSize: ROW_GROUP_SIZE, batchSize: 3, unitCacheDir: cacheDir });
  const plain = freshDir(`${label}-plain`);
  const reference = await exportDataset(getPool(), plain, { settings, rowGroupSize: ROW_GROUP_SIZE, batchSize: 3 });
  expect(reference.unitCache).toBeNull();
  for (const name of Object.values(DATASET_FILES)) {
    expect(readFileSync(path.join(cached, name)).equals(readFileSync(path.join(plain, name))), `${label}: ${name}`).toBe(true);
  }
  return { summary, dir: cached };
}

const unitFiles = () => readdirSync(cacheDir, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(".unit"));

beforeAll(async () => {
  scratch = await createScratchDatabase();
  await migrate(scratch.url);
  connectDb(scratch.url);
  await syncModels(DEMO_MODELS);
  papers = await ensurePapers();
  ada = await createAnnotator("CacheAda");
  for (let i = 0; i < 30; i++) {
    votes.push(
      await createVote(papers, {
        annotator: ada,
        choice: (["A", "B", "TIE", "A", "B", "BOTH_BAD"] as const)[i % 6],
        discipline: i % 2 ? "Healthcare" : "Engineering",
        modelA: i % 2 ? "demo-loose" : "demo-careful",
      }),
    );
  }
  cacheDir = freshDir("units");
}, 120_000);

afterAll(async () => {
  await scratch?.drop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("the export's unit cache", () => {
  it("encodes every unit on an empty cache, then reuses them all, with the same bytes as an export without a cache", async () => {
    const first = (await exportBothWays("cold")).summary.unitCache!;
    expect(first.hits).toBe(0);
    expect(first.missRecords).toBe(votes.length);
    expect(first.misses).toBeGreaterThan(3);
    expect(unitFiles()).toHaveLength(first.misses);

    const second = (await exportBothWays("warm")).summary.unitCache!;
    expect(second).toEqual({ hits: first.misses, hitRecords: votes.length, misses: 0, missRecords: 0 });
  });

  it("encodes only the units around a new vote, and removes the units no export uses any more", async () => {
    const before = unitFiles().length;
    const added = await createVote(papers, { annotator: ada, choice: "A", discipline: "Engineering" });
    votes.push(added);
    const { summary, dir } = await exportBothWays("added");
    const stats = summary.unitCache!;
    expect(stats.misses).toBeGreaterThanOrEqual(1);
    expect(stats.misses).toBeLessThanOrEqual(2);
    expect(stats.hits).toBeGreaterThanOrEqual(before - 2);
    expect(stats.hitRecords + stats.missRecords).toBe(votes.length);
    expect(readFileSync(path.join(dir, DATASET_FILES.trainJsonl), "utf8")).toContain(`"id":"${added.voteId}"`);
    expect(unitFiles()).toHaveLength(stats.hits + stats.misses);
  });

  it("encodes everything again after an edit of published content, and the files show the edit", async () => {
    const edits: [string, string, unknown[], string][] = [
      ["question text", `UPDATE "Question" SET text = $1 WHERE id = (SELECT b."questionId" FROM "Vote" v JOIN "Battle" b ON b.id = v."battleId" WHERE v.id = $2)`, ["An edited question?", votes[3].voteId], "An edited question?"],
      ["paper title", `UPDATE "Paper" SET title = $1 WHERE "externalId" = $2`, ["A corrected title", papers[0].externalId], "A corrected title"],
      ["model slug", `UPDATE "Model" SET slug = $1 WHERE slug = 'demo-loose'`, ["demo-renamed"], "demo-renamed"],
      ["finished answer", `UPDATE "Response" SET text = $1 WHERE side = 'A' AND "battleId" = (SELECT "battleId" FROM "Vote" WHERE id = $2)`, ["A corrected answer [1].", votes[7].voteId], "A corrected answer [1]."],
      ["vote reason", `UPDATE "Vote" SET reason = $1 WHERE id = $2`, ["a reason added later", votes[9].voteId], "a reason added later"],
    ];
    for (const [label, statement, values, shown] of edits) {
      const version = await contentVersion();
      await sql(statement, values);
      expect(await contentVersion(), label).not.toBe(version);
      const { summary, dir } = await exportBothWays(label.replace(/ /g, "-"));
      expect(summary.unitCache!.hits, label).toBe(0);
      expect(readFileSync(path.join(dir, DATASET_FILES.trainJsonl), "utf8"), label).toContain(JSON.stringify(shown));
    }
  });

  it("is not invalidated by what the records do not show: attribution labels, a streaming answer, a choice kept in the key", async () => {
    await exportBothWays("settle");
    const version = await contentVersion();
    // The attribution judge labels citations of a finished answer.
    await sql(
      `UPDATE "Response" SET citations = (SELECT jsonb_agg(c || '{"label":"supporting"}') FROM jsonb_array_elements(citations) c)
       WHERE side = 'A' AND "battleId" = (SELECT "battleId" FROM "Vote" WHERE id = $1)`,
      [votes[2].voteId],
    );
    // An answer streams: its flushes, and its finishing.
    const unfinished = await createVote(papers, { annotator: ada, choice: "A", battleStatus: "READY" });
    const answer = (await sql(`SELECT r.id FROM "Response" r JOIN "Vote" v ON v."battleId" = r."battleId" WHERE v.id = $1 AND r.side = 'A'`, [unfinished.voteId])).rows[0].id;
    await sql(`UPDATE "Response" SET status = 'STREAMING' WHERE id = $1`, [answer]);
    await sql(`UPDATE "Response" SET text = 'Streaming [1]' WHERE id = $1`, [answer]);
    await sql(`UPDATE "Response" SET text = 'Streaming [1] and done.', status = 'DONE' WHERE id = $1`, [answer]);
    expect(await contentVersion()).toBe(version);

    // A changed choice is in the key: only its unit is encoded again.
    await sql(`UPDATE "Vote" SET choice = 'B' WHERE id = $1`, [votes[0].voteId]);
    expect(await contentVersion()).toBe(version);
    const { summary, dir } = await exportBothWays("choice");
    expect(summary.unitCache!.misses).toBe(1);
    const first = JSON.parse(readFileSync(path.join(dir, DATASET_FILES.trainJsonl), "utf8").split("\n").find((line) => line.includes(votes[0].voteId))!);
    expect(first.vote).toBe("B");
  });

  it("encodes again a unit whose file is damaged, and keeps a folder per salt", async () => {
    const files = unitFiles();
    writeFileSync(path.join(cacheDir, files[0]), "not a unit");
    writeFileSync(path.join(cacheDir, files[1]), readFileSync(path.join(cacheDir, files[1])).subarray(0, 100));
    const { summary } = await exportBothWays("damaged");
    expect(summary.unitCache!.misses).toBe(2);

    const otherSalt = await exportDataset(getPool(), freshDir("other-salt"), {
      settings: { ...settings, salt: "another-salt-0123456789abcdefgh" },
      rowGroupSize: ROW_GROUP_SIZE,
      unitCacheDir: cacheDir,
    });
    expect(otherSalt.unitCache!.hits).toBe(0);
    expect(readdirSync(cacheDir)).toHaveLength(2);
    // The first salt's units are still there for its next export.
    expect((await exportBothWays("first-salt-again")).summary.unitCache!.misses).toBe(0);
  });
});
