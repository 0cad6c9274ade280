import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import {
  createBalancedSampler,
  createRecordMapper,
  inAscendingIdOrder,
  jsonLinesChunks,
  parquetChunks,
  renderDatasetCard,
  SplitStatsAccumulator,
  writeChunks,
  type BalancedSampleReport,
  type RecordMapper,
  type SciArenaEvalRecord,
  type SplitStats,
  type StoredVote,
} from "@/lib/dataset";
import type { DatasetSettings } from "./settings";
import { tee } from "./tee";
import { loadStoredVotes, summarizePublishedVotes, votingKeysInIdOrder } from "./vote-source";

// The export (DESIGN section 7): one pass over the published votes in id order writes train.jsonl and
// train.parquet together (the same record objects go to both writers) and feeds the balanced sampler; a
// second pass loads only the sampled votes for the Eval split; then the dataset card and a manifest.
// Memory stays bounded: a few batches of votes, one Parquet row group, the lag allowed between the two
// writers, and the sampler's O(disciplines x k) candidates. While one batch is mapped and written, the
// next ones are already being loaded on other pool connections.

export const DATASET_FILES = {
  evalJsonl: "sciarena-eval.jsonl",
  evalParquet: "sciarena-eval.parquet",
  trainJsonl: "train.jsonl",
  trainParquet: "train.parquet",
  card: "README.md",
  manifest: "manifest.json",
} as const;

/** Files a visitor may download, in the order the page lists them. */
export const DOWNLOADABLE_FILES: readonly string[] = [
  DATASET_FILES.evalParquet,
  DATASET_FILES.evalJsonl,
  DATASET_FILES.trainParquet,
  DATASET_FILES.trainJsonl,
  DATASET_FILES.card,
  DATASET_FILES.manifest,
];

export const MANIFEST_FORMAT = 1;

export type ExportPhase = "train" | "eval";

export interface ExportProgress {
  phase: ExportPhase;
  /** Records written in this phase so far. */
  done: number;
  /** Records this phase will write (an estimate for "train" if votes arrive meanwhile). */
  total: number;
}

export interface ExportOptions {
  settings: Pick<DatasetSettings, "salt" | "seed" | "votesPerSide" | "requireConsent">;
  /** Votes loaded per database round trip. */
  batchSize?: number;
  rowGroupSize?: number;
  onProgress?: (progress: ExportProgress) => void;
}

export interface ManifestFile {
  name: string;
  bytes: number;
  sha256: string;
  /** Records in a data file; absent for the card and the manifest. */
  records?: number;
}

/** What an export contains; written as manifest.json. Deterministic: no clock, no salt. */
export interface DatasetManifest {
  format: typeof MANIFEST_FORMAT;
  /** Newest published vote (ISO 8601), the snapshot's "as of". */
  newestVoteAt: string | null;
  settings: { seed: number; votesPerSide: number; requireConsent: boolean };
  splits: {
    eval: { config: "sciarena_eval"; split: "test"; files: string[]; stats: SplitStats };
    train: { config: "train"; split: "train"; files: string[]; stats: SplitStats };
  };
  sampling: BalancedSampleReport;
  /** Every file but the manifest itself. */
  files: ManifestFile[];
}

export interface ExportSummary {
  manifest: DatasetManifest;
  /** The published-vote fingerprint taken at the start (what the site compares to detect new votes). */
  membershipHash: string;
  ms: number;
}

async function sha256OfFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return { sha256: hash.digest("hex"), bytes: (await stat(file)).size };
}

async function* counted<T extends SciArenaEvalRecord>(
  records: AsyncIterable<T>,
  stats: SplitStatsAccumulator,
  onRecord: () => void,
): AsyncGenerator<T> {
  for await (const record of records) {
    stats.add(record);
    onRecord();
    yield record;
  }
}

/** Records of the votes of each id batch, loading up to `lookahead` batches ahead. */
async function* mappedBatches(
  batches: AsyncIterable<readonly string[]>,
  load: (ids: readonly string[]) => Promise<StoredVote[]>,
  mapRecord: RecordMapper,
  lookahead = 2,
): AsyncGenerator<SciArenaEvalRecord> {
  const iterator = batches[Symbol.asyncIterator]();
  const pending: Promise<StoredVote[]>[] = [];
  let exhausted = false;
  try {
    for (;;) {
      while (!exhausted && pending.length < lookahead) {
        const next = await iterator.next();
        if (next.done) exhausted = true;
        else {
          const loading = load(next.value);
          loading.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"
          pending.push(loading);
        }
      }
      const loading = pending.shift();
      if (!loading) return;
      for (const vote of await loading) yield mapRecord(vote);
    }
  } finally {
    // Stopped early (a write failed): close the source, e.g. its database cursor.
    if (!exhausted) await iterator.return?.();
  }
}

async function* inBatches<T>(items: readonly T[], size: number): AsyncGenerator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

/** Writes the same records as JSON Lines and as Parquet, in one pass. */
async function writeSplit(records: AsyncIterable<SciArenaEvalRecord>, jsonlFile: string, parquetFile: string, rowGroupSize: number | undefined): Promise<void> {
  const [forJsonl, forParquet] = tee(records, 2);
  await Promise.all([
    writeChunks(jsonLinesChunks(forJsonl), createWriteStream(jsonlFile)),
    writeChunks(parquetChunks(forParquet, { rowGroupSize }), createWriteStream(parquetFile)),
  ]);
}

/** Writes the dataset files into `outDir` (created if missing; existing files of the same names are replaced). */
export async function exportDataset(pool: pg.Pool, outDir: string, options: ExportOptions): Promise<ExportSummary> {
  const started = Date.now();
  const { settings, batchSize = 500, rowGroupSize, onProgress } = options;
  await mkdir(outDir, { recursive: true });
  const file = (name: string) => path.join(outDir, name);
  const mapRecord = createRecordMapper({ annotatorSalt: settings.salt });
  const sampler = createBalancedSampler({ seed: settings.seed, votesPerSide: settings.votesPerSide });
  const trainStats = new SplitStatsAccumulator();
  const evalStats = new SplitStatsAccumulator();

  const client = await pool.connect();
  let summary;
  let sampling;
  try {
    summary = await summarizePublishedVotes(client, settings);
    const trainTotal = summary.count;

    // Pass 1: every published vote, in id order, into train.jsonl; the sampler sees each key on the way.
    let trainDone = 0;
    onProgress?.({ phase: "train", done: 0, total: trainTotal });
    async function* trainIdBatches() {
      for await (const keys of votingKeysInIdOrder(client, { batchSize, requireConsent: settings.requireConsent })) {
        for (const key of keys) sampler.add(key);
        yield keys.map((key) => key.voteId);
      }
    }
    const load = (ids: readonly string[]) => loadStoredVotes(pool, ids);
    const trainRecords = counted(inAscendingIdOrder(mappedBatches(trainIdBatches(), load, mapRecord)), trainStats, () => {
      trainDone++;
      if (trainDone % 1000 === 0) onProgress?.({ phase: "train", done: trainDone, total: Math.max(trainTotal, trainDone) });
    });
    await writeSplit(trainRecords, file(DATASET_FILES.trainJsonl), file(DATASET_FILES.trainParquet), rowGroupSize);
    onProgress?.({ phase: "train", done: trainDone, total: trainDone });

    // Pass 2: the sampled votes only.
    const sample = sampler.finish();
    sampling = sample.report;
    let evalDone = 0;
    onProgress?.({ phase: "eval", done: 0, total: sample.voteIds.length });
    const evalRecords = counted(inAscendingIdOrder(mappedBatches(inBatches(sample.voteIds, batchSize), load, mapRecord)), evalStats, () => {
      evalDone++;
      if (evalDone % 1000 === 0) onProgress?.({ phase: "eval", done: evalDone, total: sample.voteIds.length });
    });
    await writeSplit(evalRecords, file(DATASET_FILES.evalJsonl), file(DATASET_FILES.evalParquet), rowGroupSize);
    if (evalDone !== sample.voteIds.length) {
      throw new Error(`${sample.voteIds.length - evalDone} sampled votes disappeared during the export; run it again`);
    }
    onProgress?.({ phase: "eval", done: evalDone, total: evalDone });
  } finally {
    client.release();
  }

  const train = trainStats.result();
  const evaluation = evalStats.result();

  const card = renderDatasetCard({
    splits: [
      {
        configName: "sciarena_eval",
        splitName: "test",
        dataFile: DATASET_FILES.evalParquet,
        otherFiles: [DATASET_FILES.evalJsonl],
        description: "Per discipline equally many votes for A and for B (ties and both-bad left out), seeded sample",
        stats: evaluation,
      },
      {
        configName: "train",
        splitName: "train",
        dataFile: DATASET_FILES.trainParquet,
        otherFiles: [DATASET_FILES.trainJsonl],
        description: "Every counted vote, ties and both-bad included",
        stats: train,
      },
    ],
    sampling,
    snapshotDate: summary.newestVoteAt ?? undefined,
    consentRequired: settings.requireConsent,
  });
  await writeFile(file(DATASET_FILES.card), card);

  const files: ManifestFile[] = [];
  for (const [name, records] of [
    [DATASET_FILES.evalParquet, evaluation.total],
    [DATASET_FILES.evalJsonl, evaluation.total],
    [DATASET_FILES.trainParquet, train.total],
    [DATASET_FILES.trainJsonl, train.total],
    [DATASET_FILES.card, undefined],
  ] as const) {
    files.push({ name, ...(await sha256OfFile(file(name))), ...(records === undefined ? {} : { records }) });
  }
  const manifest: DatasetManifest = {
    format: MANIFEST_FORMAT,
    newestVoteAt: summary.newestVoteAt,
    settings: { seed: settings.seed, votesPerSide: settings.votesPerSide, requireConsent: settings.requireConsent },
    splits: {
      eval: { config: "sciarena_eval", split: "test", files: [DATASET_FILES.evalParquet, DATASET_FILES.evalJsonl], stats: evaluation },
      train: { config: "train", split: "train", files: [DATASET_FILES.trainParquet, DATASET_FILES.trainJsonl], stats: train },
    },
    sampling,
    files,
  };
  await writeFile(file(DATASET_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, membershipHash: summary.membershipHash, ms: Date.now() - started };
}
