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
  readRecords,
  renderDatasetCard,
  SplitStatsAccumulator,
  writeChunks,
  type BalancedSampleReport,
  type RecordMapper,
  type SciArenaEvalRecord,
  type SplitStats,
} from "@/lib/dataset";
import type { DatasetSettings } from "./settings";
import { loadStoredVotes, summarizePublishedVotes, votingKeysInIdOrder } from "./vote-source";

// The export (DESIGN section 7): one pass over the published votes in id order writes train.jsonl and
// feeds the balanced sampler; a second pass loads only the sampled votes for sciarena-eval.jsonl; each
// JSONL file is then read back into its Parquet twin, so both hold exactly the same records; then the
// dataset card and a manifest. Memory stays bounded: one batch of votes, one Parquet row group, and the
// sampler's O(disciplines x k) candidates.

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

export type ExportPhase = "train" | "eval" | "parquet";

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

async function* mappedBatches(batches: AsyncIterable<readonly string[]>, db: pg.PoolClient, mapRecord: RecordMapper): AsyncGenerator<SciArenaEvalRecord> {
  for await (const ids of batches) {
    for (const vote of await loadStoredVotes(db, ids)) yield mapRecord(vote);
  }
}

async function* inBatches<T>(items: readonly T[], size: number): AsyncGenerator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

async function writeParquetTwin(jsonlFile: string, parquetFile: string, rowGroupSize: number | undefined, onRecord: () => void): Promise<void> {
  async function* records() {
    for await (const record of readRecords(createReadStream(jsonlFile), {
      onIssue: (issue) => {
        throw new Error(`${path.basename(jsonlFile)} record ${issue.position} did not read back: ${issue.problem}`);
      },
    })) {
      onRecord();
      yield record;
    }
  }
  await writeChunks(parquetChunks(records(), { rowGroupSize }), createWriteStream(parquetFile));
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
    const trainRecords = counted(inAscendingIdOrder(mappedBatches(trainIdBatches(), client, mapRecord)), trainStats, () => {
      trainDone++;
      if (trainDone % 1000 === 0) onProgress?.({ phase: "train", done: trainDone, total: Math.max(trainTotal, trainDone) });
    });
    await writeChunks(jsonLinesChunks(trainRecords), createWriteStream(file(DATASET_FILES.trainJsonl)));
    onProgress?.({ phase: "train", done: trainDone, total: trainDone });

    // Pass 2: the sampled votes only.
    const sample = sampler.finish();
    sampling = sample.report;
    let evalDone = 0;
    onProgress?.({ phase: "eval", done: 0, total: sample.voteIds.length });
    const evalRecords = counted(inAscendingIdOrder(mappedBatches(inBatches(sample.voteIds, batchSize), client, mapRecord)), evalStats, () => {
      evalDone++;
      if (evalDone % 1000 === 0) onProgress?.({ phase: "eval", done: evalDone, total: sample.voteIds.length });
    });
    await writeChunks(jsonLinesChunks(evalRecords), createWriteStream(file(DATASET_FILES.evalJsonl)));
    if (evalDone !== sample.voteIds.length) {
      throw new Error(`${sample.voteIds.length - evalDone} sampled votes disappeared during the export; run it again`);
    }
    onProgress?.({ phase: "eval", done: evalDone, total: evalDone });
  } finally {
    client.release();
  }

  // Parquet twins, read back from the JSONL files (no database needed any more).
  const train = trainStats.result();
  const evaluation = evalStats.result();
  const parquetTotal = train.total + evaluation.total;
  let parquetDone = 0;
  const onParquetRecord = () => {
    parquetDone++;
    if (parquetDone % 1000 === 0) onProgress?.({ phase: "parquet", done: parquetDone, total: parquetTotal });
  };
  onProgress?.({ phase: "parquet", done: 0, total: parquetTotal });
  await writeParquetTwin(file(DATASET_FILES.evalJsonl), file(DATASET_FILES.evalParquet), rowGroupSize, onParquetRecord);
  await writeParquetTwin(file(DATASET_FILES.trainJsonl), file(DATASET_FILES.trainParquet), rowGroupSize, onParquetRecord);
  onProgress?.({ phase: "parquet", done: parquetDone, total: parquetTotal });

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
