import { createHash } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { finished } from "node:stream/promises";
import type pg from "pg";
import {
  compareCodeUnits,
  createBalancedSampler,
  DEFAULT_ROW_GROUP_SIZE,
  ParquetFileAssembler,
  renderDatasetCard,
  SplitStatsAccumulator,
  type BalancedSampleReport,
  type SplitStats,
} from "@/lib/dataset";
import type { EncodedUnit } from "./encode-row-group";
import type { DatasetSettings } from "./settings";
import { createUnitRunner, type UnitRunner } from "./unit-runners";
import { summarizePublishedVotes, votingKeysInIdOrder } from "./vote-source";

// The export (DESIGN section 7): one pass over the published votes in id order writes train.jsonl and
// train.parquet together and feeds the balanced sampler; a second pass loads only the sampled votes for
// the Eval split; then the dataset card and a manifest. The votes go in units of one Parquet row group:
// each unit is loaded, mapped and encoded as JSON Lines and as a standalone row group, on this thread or
// on worker threads (unit-runners.ts), several at once, and written in order, so the files are the same
// for any number of threads. Memory stays bounded: the units under way, the reference-list caches (a fixed
// budget each), the Parquet footer and the sampler's O(disciplines x k) candidates. The data files are
// hashed as they are written.

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
  /**
   * Threads that load and encode (1: this thread only, what the web process uses). More than one needs a
   * pool created from a connection string, which each thread connects to.
   */
  threads?: number;
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
  /** Threads that loaded and encoded the votes. */
  threads: number;
  ms: number;
}

async function sha256OfFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return { sha256: hash.digest("hex"), bytes: (await stat(file)).size };
}

/** A file written with backpressure, hashed on the way (so it need not be read again for the manifest). */
class HashedFile {
  private readonly stream: WriteStream;
  private readonly hash = createHash("sha256");
  private bytes = 0;
  private failure: { error: unknown } | null = null;

  constructor(file: string) {
    this.stream = createWriteStream(file);
    this.stream.on("error", (error) => (this.failure ??= { error }));
  }

  async write(chunk: string | Uint8Array): Promise<void> {
    if (this.failure) throw this.failure.error;
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    if (bytes.length === 0) return;
    this.hash.update(bytes);
    this.bytes += bytes.length;
    // once() rejects if the stream fails while we wait.
    if (!this.stream.write(bytes)) await once(this.stream, "drain");
  }

  async close(): Promise<{ sha256: string; bytes: number }> {
    if (this.failure) throw this.failure.error;
    this.stream.end();
    await finished(this.stream);
    return { sha256: this.hash.digest("hex"), bytes: this.bytes };
  }

  destroy(): void {
    this.stream.destroy();
  }
}

/**
 * Writes encoded units as JSON Lines and as Parquet, in the order given. Memory: the footer metadata and
 * what the file streams buffer.
 */
class SplitWriter {
  private readonly jsonl: HashedFile;
  private readonly parquet: HashedFile;
  private readonly assembler = new ParquetFileAssembler();
  private previousId: string | undefined;
  count = 0;

  constructor(
    jsonlFile: string,
    parquetFile: string,
    private readonly stats: SplitStatsAccumulator,
  ) {
    this.jsonl = new HashedFile(jsonlFile);
    this.parquet = new HashedFile(parquetFile);
  }

  async open(): Promise<void> {
    await this.parquet.write(this.assembler.header());
  }

  async add(unit: EncodedUnit): Promise<void> {
    unit.ids.forEach((id, index) => {
      // Same seed, same bytes needs a fixed record order (see inAscendingIdOrder).
      if (this.previousId !== undefined && compareCodeUnits(this.previousId, id) >= 0) {
        throw new Error(`records must come in strictly ascending id order: "${id}" after "${this.previousId}"`);
      }
      this.previousId = id;
      this.stats.add({ vote: unit.votes[index], subject: unit.subjects[index], question_type: unit.questionTypes[index] });
    });
    this.count += unit.ids.length;
    const writingJsonl = this.jsonl.write(unit.jsonl);
    writingJsonl.catch(() => {}); // awaited below
    if (unit.parquet) await this.parquet.write(this.assembler.append(unit.parquet));
    await writingJsonl;
  }

  async close(): Promise<{ jsonl: { sha256: string; bytes: number }; parquet: { sha256: string; bytes: number } }> {
    await this.parquet.write(this.assembler.finish());
    return { jsonl: await this.jsonl.close(), parquet: await this.parquet.close() };
  }

  destroy(): void {
    this.jsonl.destroy();
    this.parquet.destroy();
  }
}

/** Ids regrouped into units of exactly `size` (the last one smaller). */
async function* inUnits(batches: AsyncIterable<readonly string[]> | Iterable<readonly string[]>, size: number): AsyncGenerator<string[]> {
  let unit: string[] = [];
  for await (const batch of batches) {
    for (const id of batch) {
      unit.push(id);
      if (unit.length === size) {
        yield unit;
        unit = [];
      }
    }
  }
  if (unit.length > 0) yield unit;
}

/**
 * Writes the records of the given units of ids as one split; returns the files' hashes and sizes. Up to
 * `runner.parallelism` units are encoded at once; they are written in order.
 */
async function writeSplit(
  units: AsyncIterable<string[]>,
  runner: UnitRunner,
  files: { jsonl: string; parquet: string },
  options: { stats: SplitStatsAccumulator; onRecords: (count: number) => void },
): Promise<{ count: number; hashes: Map<string, { sha256: string; bytes: number }> }> {
  const writer = new SplitWriter(files.jsonl, files.parquet, options.stats);
  const underWay: Promise<EncodedUnit>[] = [];
  const writeNext = async () => {
    await writer.add(await underWay.shift()!);
    options.onRecords(writer.count);
  };
  try {
    await writer.open();
    for await (const ids of units) {
      const encoding = runner.encode(ids);
      encoding.catch(() => {}); // awaited in order by writeNext
      underWay.push(encoding);
      if (underWay.length >= runner.parallelism) await writeNext();
    }
    while (underWay.length > 0) await writeNext();
    const { jsonl, parquet } = await writer.close();
    return { count: writer.count, hashes: new Map([[files.jsonl, jsonl], [files.parquet, parquet]]) };
  } catch (error) {
    writer.destroy();
    throw error;
  }
}

/** Writes the dataset files into `outDir` (created if missing; existing files of the same names are replaced). */
export async function exportDataset(pool: pg.Pool, outDir: string, options: ExportOptions): Promise<ExportSummary> {
  const started = Date.now();
  const { settings, batchSize = 500, rowGroupSize = DEFAULT_ROW_GROUP_SIZE, threads = 1, onProgress } = options;
  if (!Number.isInteger(rowGroupSize) || rowGroupSize < 1) throw new RangeError(`rowGroupSize must be a positive integer, got ${rowGroupSize}`);
  await mkdir(outDir, { recursive: true });
  const file = (name: string) => path.join(outDir, name);
  const sampler = createBalancedSampler({ seed: settings.seed, votesPerSide: settings.votesPerSide });
  const trainStats = new SplitStatsAccumulator();
  const evalStats = new SplitStatsAccumulator();

  const client = await pool.connect();
  const runner = createUnitRunner(pool, { annotatorSalt: settings.salt, batchSize, threads });
  const hashes = new Map<string, { sha256: string; bytes: number }>();
  let summary;
  let sampling;
  try {
    summary = await summarizePublishedVotes(client, settings);
    const trainTotal = summary.count;

    // Pass 1: every published vote, in id order, into the train files; the sampler sees each key on the way.
    onProgress?.({ phase: "train", done: 0, total: trainTotal });
    async function* trainIdBatches() {
      for await (const keys of votingKeysInIdOrder(client, { batchSize, requireConsent: settings.requireConsent })) {
        for (const key of keys) sampler.add(key);
        yield keys.map((key) => key.voteId);
      }
    }
    const train = await writeSplit(
      inUnits(trainIdBatches(), rowGroupSize),
      runner,
      { jsonl: file(DATASET_FILES.trainJsonl), parquet: file(DATASET_FILES.trainParquet) },
      { stats: trainStats, onRecords: (done) => onProgress?.({ phase: "train", done, total: Math.max(trainTotal, done) }) },
    );
    for (const [name, hash] of train.hashes) hashes.set(name, hash);
    onProgress?.({ phase: "train", done: train.count, total: train.count });

    // Pass 2: the sampled votes only.
    const sample = sampler.finish();
    sampling = sample.report;
    onProgress?.({ phase: "eval", done: 0, total: sample.voteIds.length });
    const evaluation = await writeSplit(
      inUnits([sample.voteIds], rowGroupSize),
      runner,
      { jsonl: file(DATASET_FILES.evalJsonl), parquet: file(DATASET_FILES.evalParquet) },
      { stats: evalStats, onRecords: (done) => onProgress?.({ phase: "eval", done, total: sample.voteIds.length }) },
    );
    for (const [name, hash] of evaluation.hashes) hashes.set(name, hash);
    if (evaluation.count !== sample.voteIds.length) {
      throw new Error(`${sample.voteIds.length - evaluation.count} sampled votes disappeared during the export; run it again`);
    }
    onProgress?.({ phase: "eval", done: evaluation.count, total: evaluation.count });
  } finally {
    client.release();
    await runner.close();
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
    files.push({ name, ...(hashes.get(file(name)) ?? (await sha256OfFile(file(name)))), ...(records === undefined ? {} : { records }) });
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
  return { manifest, membershipHash: summary.membershipHash, threads, ms: Date.now() - started };
}
