import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { asyncBufferFromFile } from "hyparquet";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MODELS } from "@/lib/ai/demo/catalog";
import {
  compareCodeUnits,
  createRecordMapper,
  readParquetRecords,
  readRecords,
  type SciArenaEvalRecord,
  type StoredVote,
} from "@/lib/dataset";
import { DATASET_FILES, exportDataset } from "@/lib/dataset-export/export-dataset";
import { currentFingerprint, publishSnapshot, readCurrentSnapshot } from "@/lib/dataset-export/snapshots";
import { createUnitRunner } from "@/lib/dataset-export/unit-runners";
import { connectDb, getPool } from "@/lib/db";
import { migrate } from "@/lib/db/migrate";
import { syncModels } from "@/lib/models/sync-models";
import { createAnnotator, createVote, ensurePapers, type Annotator } from "./helpers/dataset-votes";
import { runCli } from "./helpers/run-cli";
import { createScratchDatabase } from "./helpers/scratch-database";

// The export against a database of its own (other test files leave votes in the shared one): who is
// published, exact round trip through both file formats, balance, determinism, privacy, the CLI.

const SALT = "integration-test-salt-0123456789";
const settings = { salt: SALT, seed: 11, votesPerSide: 2, requireConsent: true };

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
const annotators: Annotator[] = [];
/** Votes the export must publish with consent required. */
const published: StoredVote[] = [];
/** Votes of annotators without a profile or without consent: published only when consent is not required. */
const withoutConsent: StoredVote[] = [];
/** Votes that must never be published. */
const neverPublished: StoredVote[] = [];

async function readJsonl(file: string): Promise<SciArenaEvalRecord[]> {
  const { createReadStream } = await import("node:fs");
  const records: SciArenaEvalRecord[] = [];
  for await (const record of readRecords(createReadStream(file), { onIssue: (issue) => expect.fail(`${file}: ${issue.problem}`) })) records.push(record);
  return records;
}

async function readParquet(file: string): Promise<SciArenaEvalRecord[]> {
  const records: SciArenaEvalRecord[] = [];
  for await (const record of readParquetRecords(await asyncBufferFromFile(file))) records.push(record);
  return records;
}

function expectedRecords(votes: readonly StoredVote[]): SciArenaEvalRecord[] {
  const mapRecord = createRecordMapper({ annotatorSalt: SALT });
  return [...votes].sort((left, right) => compareCodeUnits(left.voteId, right.voteId)).map(mapRecord);
}

const createdDirs: string[] = [];
function freshDir(label: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `dataset-${label}-`));
  createdDirs.push(dir);
  return dir;
}

beforeAll(async () => {
  scratch = await createScratchDatabase();
  await migrate(scratch.url);
  connectDb(scratch.url);
  await syncModels(DEMO_MODELS);
  const papers = await ensurePapers();

  const ada = await createAnnotator("Ada");
  const ben = await createAnnotator("Ben");
  const reinstated = await createAnnotator("Reinstated", { flag: "reinstated" });
  const noProfile = await createAnnotator("NoProfile", { profile: false });
  const noConsent = await createAnnotator("NoConsent", { consent: false });
  const excluded = await createAnnotator("Excluded", { excluded: true });
  const flagged = await createAnnotator("Flagged", { flag: "active" });
  annotators.push(ada, ben, reinstated, noProfile, noConsent, excluded, flagged);

  const plan: [string | null, "A" | "B" | "TIE" | "BOTH_BAD", number][] = [
    ["Natural Science", "A", 6],
    ["Natural Science", "B", 3],
    ["Natural Science", "TIE", 2],
    ["Natural Science", "BOTH_BAD", 1],
    ["Healthcare", "A", 2],
    ["Healthcare", "B", 4],
    ["Engineering", "A", 3],
    [null, "A", 1],
    [null, "B", 1],
  ];
  let i = 0;
  for (const [discipline, choice, count] of plan) {
    for (let k = 0; k < count; k++, i++) {
      published.push(
        await createVote(papers, {
          annotator: i % 2 === 0 ? ada : ben,
          choice,
          discipline,
          category: i % 3 === 0 ? null : i % 3 === 1 ? "Methodology Inquiry" : "Paper Finding",
          reason: i % 4 === 0 ? "clearer, cites the trial | with a pipe" : null,
          modelA: i % 2 === 0 ? "demo-careful" : "demo-loose",
          modelB: i % 2 === 0 ? "demo-terse" : "demo-careful",
          citedA: i % 5 === 0 ? [] : [2, 1],
          citedB: [3],
        }),
      );
    }
  }
  // Ids whose code-unit order differs from most locale collations.
  for (const id of ["Zz-upper-vote", "a_underscore-vote", "a-dash-vote", "aa-vote"]) {
    published.push(await createVote(papers, { annotator: ada, choice: "A", discipline: "Healthcare", id }));
  }
  published.push(await createVote(papers, { annotator: reinstated, choice: "B", discipline: "Healthcare" }));
  published.push(await createVote(papers, { annotator: ada, choice: "A", moderation: "FLAGGED" }));

  withoutConsent.push(await createVote(papers, { annotator: noProfile, choice: "A" }));
  withoutConsent.push(await createVote(papers, { annotator: noConsent, choice: "B" }));

  neverPublished.push(await createVote(papers, { annotator: ada, choice: "A", battleStatus: "FAILED" }));
  neverPublished.push(await createVote(papers, { annotator: ada, choice: "B", battleStatus: "READY" }));
  neverPublished.push(await createVote(papers, { annotator: ben, choice: "A", counted: false }));
  neverPublished.push(await createVote(papers, { annotator: ben, choice: "B", moderation: "HIDDEN" }));
  neverPublished.push(await createVote(papers, { annotator: excluded, choice: "A" }));
  neverPublished.push(await createVote(papers, { annotator: flagged, choice: "B" }));
}, 120_000);

afterAll(async () => {
  await scratch?.drop();
  for (const dir of createdDirs) rmSync(dir, { recursive: true, force: true });
});

describe("dataset export from the database", () => {
  let dir: string;
  beforeAll(async () => {
    dir = freshDir("main");
    await exportDataset(getPool(), dir, { settings, batchSize: 7, rowGroupSize: 5 });
  });

  it("publishes exactly the counted votes: no failed or unvoted battles, uncounted votes, hidden questions, excluded or flagged voters, or voters without consent", async () => {
    const train = await readJsonl(path.join(dir, DATASET_FILES.trainJsonl));
    expect(train.map((record) => record.id).sort(compareCodeUnits)).toEqual(published.map((vote) => vote.voteId).sort(compareCodeUnits));
    const ids = new Set(train.map((record) => record.id));
    for (const vote of [...withoutConsent, ...neverPublished]) expect(ids.has(vote.voteId)).toBe(false);
  });

  it("round-trips exactly: JSONL and Parquet hold the records the library maps from the stored votes, in code-unit id order", async () => {
    const expected = expectedRecords(published);
    const trainJsonl = await readJsonl(path.join(dir, DATASET_FILES.trainJsonl));
    expect(trainJsonl).toEqual(expected);
    expect(await readParquet(path.join(dir, DATASET_FILES.trainParquet))).toEqual(expected);

    const evalJsonl = await readJsonl(path.join(dir, DATASET_FILES.evalJsonl));
    expect(evalJsonl.length).toBeGreaterThan(0);
    expect(await readParquet(path.join(dir, DATASET_FILES.evalParquet))).toEqual(evalJsonl);
    const byId = new Map(expected.map((record) => [record.id, record]));
    for (const record of evalJsonl) expect(record).toEqual(byId.get(record.id));
    expect(evalJsonl.map((record) => record.id)).toEqual(evalJsonl.map((record) => record.id).sort(compareCodeUnits));

    // Spot checks of the mapping itself: passages of one reference joined, citations in citing order.
    const sample = trainJsonl.find((record) => record.id === published[1].voteId)!;
    expect(sample.paper_bank.map((entry) => entry.number)).toEqual([1, 2, 3]);
    expect(sample.paper_bank[1].content).toMatch(/^Passage \d+\.2a on freezing\.\n\nPassage \d+\.2b on storage "temperature"\.$/);
    expect(sample.citations_a.map((citation) => citation.paper_id)).toEqual(["pmid:424242", "arxiv:9901.00001"]);
    expect(sample.citations_a[0].concise_authors).toBe("Wu et al.");
    expect(sample.annotator).toMatch(/^[0-9a-f]{16}$/);
  });

  it("balances the Eval split per discipline: as many A as B votes, min(requested, available), no ties or both-bad", async () => {
    const evalRecords = await readJsonl(path.join(dir, DATASET_FILES.evalJsonl));
    const count = (subject: string | null, vote: string) => evalRecords.filter((r) => r.subject === subject && r.vote === vote).length;
    expect(evalRecords.every((record) => record.vote === "A" || record.vote === "B")).toBe(true);
    // Natural Science: 6 A (+1 flagged-question A) and 3 B → 2 + 2; Healthcare: 2 + 4 A, 4 + 1 B → 2 + 2;
    // Engineering: no B → none; no discipline: 1 + 1 → 1 + 1.
    expect([count("Natural Science", "A"), count("Natural Science", "B")]).toEqual([2, 2]);
    expect([count("Healthcare", "A"), count("Healthcare", "B")]).toEqual([2, 2]);
    expect([count("Engineering", "A"), count("Engineering", "B")]).toEqual([0, 0]);
    expect([count(null, "A"), count(null, "B")]).toEqual([1, 1]);
    const manifest = JSON.parse(readFileSync(path.join(dir, DATASET_FILES.manifest), "utf8"));
    const engineering = manifest.sampling.disciplines.find((d: { discipline: string }) => d.discipline === "Engineering");
    expect(engineering).toMatchObject({ availableA: 3, availableB: 0, takenA: 0, takenB: 0 });
    const science = manifest.sampling.disciplines.find((d: { discipline: string }) => d.discipline === "Natural Science");
    expect(science).toMatchObject({ availableA: 7, availableB: 3, excludedTies: 2, excludedBothBad: 1, takenA: 2, takenB: 2 });
    expect(manifest.splits.eval.stats.total).toBe(evalRecords.length);
  });

  it("writes a Hugging Face dataset card with the counts", () => {
    const card = readFileSync(path.join(dir, DATASET_FILES.card), "utf8");
    expect(card).toMatch(/^---\npretty_name: /);
    expect(card).toContain('path: "sciarena-eval.parquet"');
    expect(card).toContain('path: "train.parquet"');
    expect(card).toContain(`## Counts: train / train\n\n${published.length} records`);
    expect(card).toContain("| Natural Science |");
    expect(card).toContain("from annotators who consented to\npublication");
  });

  it("gives the same files byte for byte for the same seed, and another Eval split for another seed", async () => {
    const again = freshDir("again");
    // Neither the batch size nor the threads may matter (the row-group size does: it shapes the Parquet file).
    const onThreads = await exportDataset(getPool(), again, { settings, batchSize: 3, rowGroupSize: 5, threads: 3 });
    expect(onThreads.threads).toBe(3);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(Object.values(DATASET_FILES).sort());
    for (const name of files) expect(readFileSync(path.join(again, name)).equals(readFileSync(path.join(dir, name))), name).toBe(true);

    const otherSeed = freshDir("other-seed");
    await exportDataset(getPool(), otherSeed, { settings: { ...settings, seed: 12 } });
    expect(readFileSync(path.join(otherSeed, DATASET_FILES.trainJsonl)).equals(readFileSync(path.join(dir, DATASET_FILES.trainJsonl)))).toBe(true);
    expect(readFileSync(path.join(otherSeed, DATASET_FILES.evalJsonl)).equals(readFileSync(path.join(dir, DATASET_FILES.evalJsonl)))).toBe(false);
  });

  it("reports a failing export thread as the export's error, with its cause", async () => {
    const unreachable = new pg.Pool({ connectionString: "postgresql://postgres@127.0.0.1:1/nowhere", connectionTimeoutMillis: 2_000 });
    const runner = createUnitRunner(unreachable, { annotatorSalt: SALT, batchSize: 10, threads: 2 });
    try {
      // Two units: one for this thread, one for the worker.
      const units = [runner.encode([published[0].voteId]), runner.encode([published[1].voteId])];
      for (const unit of units) await expect(unit).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await runner.close();
      await unreachable.end();
    }
  });

  it("publishes nothing personal: no user's email, name, account id, affiliation or ORCID in any file", async () => {
    const texts: [string, string][] = [];
    for (const name of readdirSync(dir)) {
      texts.push([name, readFileSync(path.join(dir, name)).toString("latin1")]);
      texts.push([name, readFileSync(path.join(dir, name), "utf8")]);
    }
    // Parquet pages are compressed: search the decoded records too.
    texts.push(["train.parquet (decoded)", JSON.stringify(await readParquet(path.join(dir, DATASET_FILES.trainParquet)))]);
    texts.push(["sciarena-eval.parquet (decoded)", JSON.stringify(await readParquet(path.join(dir, DATASET_FILES.evalParquet)))]);
    expect(texts.some(([, text]) => text.includes("Passage"))).toBe(true);
    for (const annotator of annotators) {
      const needles = [annotator.email, annotator.name, annotator.id, annotator.email.split("@")[0], annotator.name.split(" ").at(-1)!, `Institute of ${annotator.name}`];
      for (const needle of needles) {
        for (const [file, text] of texts) expect(text.includes(needle), `${needle} found in ${file}`).toBe(false);
      }
    }
  });

  it("includes voters without consent only when consent is not required, and says so in the card", async () => {
    const open = freshDir("no-consent");
    await exportDataset(getPool(), open, { settings: { ...settings, requireConsent: false } });
    const ids = (await readJsonl(path.join(open, DATASET_FILES.trainJsonl))).map((record) => record.id).sort(compareCodeUnits);
    expect(ids).toEqual([...published, ...withoutConsent].map((vote) => vote.voteId).sort(compareCodeUnits));
    expect(readFileSync(path.join(open, DATASET_FILES.card), "utf8")).toContain("does not require a separate publication consent");
  });
});

describe("site snapshots", () => {
  it("publishes a snapshot, names it by content, and notices when the published votes change", async () => {
    const dir = freshDir("snapshots");
    const first = await publishSnapshot(getPool(), { settings, dir });
    const current = await readCurrentSnapshot(dir);
    expect(current?.id).toBe(first.snapshot.id);
    expect(current?.manifest.splits.train.stats.total).toBe(published.length);
    expect(await currentFingerprint(getPool(), settings)).toBe(current!.fingerprint);
    expect(await currentFingerprint(getPool(), { ...settings, seed: 99 })).not.toBe(current!.fingerprint);

    const again = await publishSnapshot(getPool(), { settings, dir });
    expect(again.snapshot.id).toBe(first.snapshot.id);
    // The site keeps encoded units beside its snapshots, and the second export reused them all.
    expect(readdirSync(dir).filter((name) => !name.endsWith(".json")).sort()).toEqual([first.snapshot.id, "units"]);
    expect(first.unitCache?.misses).toBeGreaterThan(0);
    expect(again.unitCache).toMatchObject({ hits: first.unitCache!.misses, misses: 0 });

    const papers = await ensurePapers();
    const extra = await createVote(papers, { annotator: annotators[0], choice: "TIE" });
    try {
      expect(await currentFingerprint(getPool(), settings)).not.toBe(current!.fingerprint);
      const next = await publishSnapshot(getPool(), { settings, dir });
      expect(next.snapshot.id).not.toBe(first.snapshot.id);
      expect(next.manifest.splits.train.stats.total).toBe(published.length + 1);
      expect((await readCurrentSnapshot(dir))?.id).toBe(next.snapshot.id);
    } finally {
      const { getDb } = await import("@/lib/db");
      await getDb().vote.delete({ where: { id: extra.voteId } });
    }
  });
});

describe("npm run export", () => {
  const env = () => ({ DATABASE_URL: scratch.url, DATASET_SALT: SALT, DATA_DIR: freshDir("data") });

  it("writes the same files as the library, prints a summary, exits 0", async () => {
    const out = path.join(freshDir("cli"), "nested", "out");
    const result = await runCli("scripts/export.ts", ["--out", out, "--seed", "11", "--per-side", "2"], env());
    expect(result.stderr).not.toMatch(/export failed/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`train: ${published.length} counted votes`);
    expect(result.stdout).toMatch(/Engineering\s+3\s+0\s+0\s+0\s+0\s+0\s+2 per side/);
    expect(result.stdout).toContain("annotator salt from DATASET_SALT");
    const reference = freshDir("reference");
    await exportDataset(getPool(), reference, { settings });
    expect(readdirSync(out).sort()).toEqual(Object.values(DATASET_FILES).sort());
    for (const name of readdirSync(reference)) expect(readFileSync(path.join(out, name)).equals(readFileSync(path.join(reference, name))), name).toBe(true);
  });

  it("keeps encoded units between runs (in DATASET_DIR/units, or --unit-cache DIR), unless told not to", async () => {
    const environment = env();
    const first = await runCli("scripts/export.ts", ["--out", freshDir("cli-1")], environment);
    expect(first.code).toBe(0);
    const [, dir] = first.stdout.match(/unit cache (\S+): 0 of \d+ train units reused \(0 records\), \d+ encoded/) ?? [];
    expect(dir, first.stdout).toBe(path.join(environment.DATA_DIR, "exports", "units"));
    const second = await runCli("scripts/export.ts", ["--out", freshDir("cli-2")], environment);
    expect(second.stdout).toMatch(new RegExp(`: (\\d+) of \\1 train units reused \\(${published.length} records\\), 0 encoded`));

    const elsewhere = freshDir("cli-units");
    const third = await runCli("scripts/export.ts", ["--out", freshDir("cli-3"), "--unit-cache", elsewhere], environment);
    expect(third.stdout).toContain(`unit cache ${elsewhere}: 0 of`);
    const off = await runCli("scripts/export.ts", ["--out", freshDir("cli-4"), "--no-unit-cache"], environment);
    expect(off.stdout).toContain("unit cache: off");
    const both = await runCli("scripts/export.ts", ["--out", freshDir("cli-5"), "--no-unit-cache", "--unit-cache", elsewhere], environment);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("give at most one of --unit-cache DIR and --no-unit-cache");
  });

  it("refuses bad arguments and a production export without a salt with exit code 2", async () => {
    const badSeed = await runCli("scripts/export.ts", ["--out", freshDir("x"), "--seed", "-1"], env());
    expect(badSeed.code).toBe(2);
    expect(badSeed.stderr).toContain("--seed");
    const neither = await runCli("scripts/export.ts", [], env());
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain("give exactly one of --out DIR and --publish");
    const noSalt = await runCli("scripts/export.ts", ["--out", freshDir("y")], { ...env(), DATASET_SALT: "", NODE_ENV: "production" });
    expect(noSalt.code).toBe(2);
    expect(noSalt.stderr).toContain("DATASET_SALT is not set");
  });

  it("generates and keeps a development salt when none is configured", async () => {
    const data = freshDir("dev-salt");
    const first = await runCli("scripts/export.ts", ["--out", path.join(data, "a")], { ...env(), DATASET_SALT: "", DATA_DIR: data });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("annotator salt from generated (development only");
    const salt = readFileSync(path.join(data, "dataset-salt"), "utf8").trim();
    expect(salt.length).toBeGreaterThanOrEqual(16);
    const second = await runCli("scripts/export.ts", ["--out", path.join(data, "b")], { ...env(), DATASET_SALT: "", DATA_DIR: data });
    expect(second.code).toBe(0);
    expect(readFileSync(path.join(data, "b", DATASET_FILES.trainJsonl)).equals(readFileSync(path.join(data, "a", DATASET_FILES.trainJsonl)))).toBe(true);
  });
});
