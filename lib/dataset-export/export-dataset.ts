import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, stat, writeFile, type FileHandle } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import {
  compareCodeUnits,
  contentDefinedBoundaries,
  createBalancedSampler,
  DEFAULT_ROW_GROUP_SIZE,
  ParquetFileAssembler,
  ParquetRowGroupEncoder,
  renderDatasetCard,
  SplitStatsAccumulator,
  UnitGrouper,
  type BalancedSampleReport,
  type SciArenaEvalRecord,
  type SplitStats,
} from "@/lib/dataset";
import { encodeUnitOf, type EncodedUnit } from "./encode-row-group";
import { openOutputFile, type OutputFile } from "./output-file";
import type { DatasetSettings } from "./settings";
import { UnitCache, type UnitCacheStats } from "./unit-cache";
import { createUnitRunner } from "./unit-runners";
import { summarizePublishedVotes, votingKeysInIdOrder, type PublishedVoteKey, type PublishedVotesSummary } from "./vote-source";

// The export (DESIGN section 7): one pass over the published votes in id order writes train.jsonl and
// train.parquet together and feeds the balanced sampler, which keeps where each candidate's line is; a
// second pass reads the sampled lines back from train.jsonl for the Eval split (the very same lines, so
// no database round trip); then the dataset card and a manifest. The votes go in units of one Parquet row group:
// each unit is loaded, mapped and encoded as JSON Lines and as a standalone row group, on this thread or
// on worker threads (unit-runners.ts), several at once, and written in order, so the files are the same
// for any number of threads. The train split's units end where the vote ids say (unit-boundaries.ts), so
// that from one export to the next nearly all of them hold the same records: with a unit cache, those are
// copied from the previous export instead of being encoded again (unit-cache.ts). Memory stays bounded:
// the units under way, the reference-list caches (a fixed budget each), the Parquet footer and the
// sampler's O(disciplines x k) candidates. The data files are hashed as they are written.

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
  /**
   * A folder where the train split's encoded units are kept between exports (see unit-cache.ts): an
   * export then encodes only the units whose votes or content changed. None by default.
   */
  unitCacheDir?: string;
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
  /** DatasetContentVersion at the start (the site also compares it, to notice edits of published content). */
  contentVersion: string;
  /** How many units (and records) the unit cache supplied; null without a cache. */
  unitCache: UnitCacheStats | null;
  /** Threads that loaded and encoded the votes. */
  threads: number;
  ms: number;
}

async function sha256OfFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return { sha256: hash.digest("hex"), bytes: (await stat(file)).size };
}

/**
 * A file written in order and hashed on the way (so it need not be read again for the manifest). The
 * bytes are hashed at once and written in the background, one write after the other: the caller goes on
 * preparing the next unit meanwhile, and learns from the returned promise when its bytes are written
 * (and their buffer free again).
 */
class HashedFile {
  private readonly opening: Promise<OutputFile>;
  private queue: Promise<void>;
  private failure: { error: unknown } | null = null;

  constructor(file: string) {
    this.opening = openOutputFile(file);
    this.queue = this.opening.then(() => {});
    this.queue.catch((error) => (this.failure ??= { error }));
  }

  write(chunk: string | Uint8Array): Promise<void> {
    if (this.failure) return Promise.reject(this.failure.error);
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    if (bytes.length === 0) return this.queue;
    const written = this.queue.then(async () => (await this.opening).write(bytes));
    written.catch((error) => (this.failure ??= { error }));
    this.queue = written;
    return written;
  }

  async close(): Promise<{ sha256: string; bytes: number }> {
    await this.queue;
    return (await this.opening).close();
  }

  destroy(): void {
    void this.queue
      .catch(() => {})
      .then(() => this.opening)
      .then((output) => output.abort())
      .catch(() => {});
  }
}

/**
 * Writes encoded units as JSON Lines and as Parquet, in the order given. One unit's bytes are being
 * written while the next is prepared. Memory: the footer metadata and those two units.
 */
class SplitWriter {
  private readonly jsonl: HashedFile;
  private readonly parquet: HashedFile;
  private readonly assembler = new ParquetFileAssembler();
  private previousId: string | undefined;
  private writing: Promise<unknown> = Promise.resolve();
  count = 0;
  /** Bytes of JSON Lines added so far: where the next unit's lines start. */
  jsonlBytes = 0;

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
    this.jsonlBytes += unit.jsonl.byteLength;
    // The previous unit's bytes are written by now, or this one waits for them.
    await this.writing;
    const writes = [this.jsonl.write(unit.jsonl)];
    if (unit.parquet) writes.push(this.parquet.write(this.assembler.append(unit.parquet)));
    this.writing = Promise.all(writes).then(() => unit.release?.());
    this.writing.catch(() => {}); // awaited by the next add or by close
  }

  async close(): Promise<{ jsonl: { sha256: string; bytes: number }; parquet: { sha256: string; bytes: number } }> {
    await this.writing;
    await this.parquet.write(this.assembler.finish());
    return { jsonl: await this.jsonl.close(), parquet: await this.parquet.close() };
  }

  destroy(): void {
    this.jsonl.destroy();
    this.parquet.destroy();
  }
}

/** Where a record's line is in train.jsonl. */
interface LineRef {
  offset: number;
  length: number;
}

/** The ids of one train unit, their cursor keys, and its key in the unit cache when it may be cached. */
interface TrainUnit {
  ids: string[];
  keys: PublishedVoteKey[];
  cacheKey?: string;
}

/**
 * Units read from the cache ahead of the one being written, besides those the runner encodes; only while
 * the cache is hitting: units being encoded hold far more memory than units being read.
 */
const CACHE_READ_AHEAD = 2;

/** `run`, with at most `slots` calls under way at once; the others wait their turn, in order. */
function limited<A, T>(slots: number, run: (arg: A) => Promise<T>): (arg: A) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (arg) => {
    if (active < slots) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve)); // a finishing call hands its slot over
    try {
      return await run(arg);
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

/**
 * Writes the given units as one split, `underWay` of them (asked before each) being encoded at once, and in
 * order; returns the files' hashes and sizes. `onWritten` learns where each unit's lines start in the JSONL file.
 */
async function writeSplit<U>(
  units: AsyncIterable<U> | Iterable<U>,
  encode: (unit: U) => Promise<EncodedUnit>,
  files: { jsonl: string; parquet: string },
  options: {
    stats: SplitStatsAccumulator;
    underWay: number | (() => number);
    onRecords: (count: number) => void;
    onWritten?: (unit: U, encoded: EncodedUnit, jsonlOffset: number) => void;
  },
): Promise<{ count: number; hashes: Map<string, { sha256: string; bytes: number }> }> {
  const writer = new SplitWriter(files.jsonl, files.parquet, options.stats);
  const underWay: { unit: U; encoding: Promise<EncodedUnit> }[] = [];
  const limit = typeof options.underWay === "number" ? () => options.underWay as number : options.underWay;
  const writeNext = async () => {
    const { unit, encoding } = underWay.shift()!;
    const encoded = await encoding;
    const offset = writer.jsonlBytes;
    await writer.add(encoded);
    options.onWritten?.(unit, encoded, offset);
    options.onRecords(writer.count);
  };
  try {
    await writer.open();
    for await (const unit of units) {
      const encoding = encode(unit);
      encoding.catch(() => {}); // awaited in order by writeNext
      underWay.push({ unit, encoding });
      while (underWay.length >= limit()) await writeNext();
    }
    while (underWay.length > 0) await writeNext();
    const { jsonl, parquet } = await writer.close();
    return { count: writer.count, hashes: new Map([[files.jsonl, jsonl], [files.parquet, parquet]]) };
  } catch (error) {
    writer.destroy();
    throw error;
  }
}

/** The bytes at `offset` of an open file. */
async function readAt(file: FileHandle, { offset, length }: LineRef): Promise<Buffer> {
  const bytes = Buffer.allocUnsafe(length);
  for (let read = 0; read < length; ) {
    const { bytesRead } = await file.read(bytes, read, length - read, offset + read);
    if (bytesRead === 0) throw new Error("train.jsonl ended early");
    read += bytesRead;
  }
  return bytes;
}

/** Writes the dataset files into `outDir` (created if missing; existing files of the same names are replaced). */
export async function exportDataset(pool: pg.Pool, outDir: string, options: ExportOptions): Promise<ExportSummary> {
  const started = Date.now();
  const { settings, batchSize = 500, rowGroupSize = DEFAULT_ROW_GROUP_SIZE, threads = 1, unitCacheDir, onProgress } = options;
  if (!Number.isInteger(rowGroupSize) || rowGroupSize < 1) throw new RangeError(`rowGroupSize must be a positive integer, got ${rowGroupSize}`);
  await mkdir(outDir, { recursive: true });
  const file = (name: string) => path.join(outDir, name);
  // The sampler keeps where each candidate's line is in train.jsonl: the Eval split is read back from there.
  const sampler = createBalancedSampler<LineRef>({ seed: settings.seed, votesPerSide: settings.votesPerSide });
  const trainStats = new SplitStatsAccumulator();
  const evalStats = new SplitStatsAccumulator();

  const client = await pool.connect();
  const runner = createUnitRunner(pool, { annotatorSalt: settings.salt, batchSize, threads });
  const hashes = new Map<string, { sha256: string; bytes: number }>();
  let sampling;
  // Set once the summary is in (a closure sets them, which TypeScript's narrowing does not follow).
  const begun: { summary: PublishedVotesSummary | null; cache: UnitCache | null } = { summary: null, cache: null };
  // The summary (on another connection) is computed while the cursor's query runs: both take seconds on
  // millions of votes. The unit cache needs the summary's content version before the first unit.
  const summaryLoading = summarizePublishedVotes(pool, settings);
  summaryLoading.catch(() => {}); // awaited below
  let trainTotal = 0;
  const begin = async () => {
    const summary = (begun.summary = await summaryLoading);
    trainTotal = summary.count;
    if (unitCacheDir !== undefined) begun.cache = new UnitCache(unitCacheDir, { salt: settings.salt, contentVersion: summary.contentVersion });
    onProgress?.({ phase: "train", done: 0, total: trainTotal });
  };
  try {
    // Pass 1: every published vote, in id order, into the train files; the sampler sees each record written.
    async function* trainUnits(): AsyncGenerator<TrainUnit> {
      const grouper = new UnitGrouper(contentDefinedBoundaries(rowGroupSize), (key: PublishedVoteKey) => key.voteId);
      const unitOf = (keys: PublishedVoteKey[]): TrainUnit => ({ ids: keys.map((key) => key.voteId), keys, cacheKey: begun.cache?.keyOf(keys) });
      let started = false;
      // The keys are small: fetched in larger batches than the votes' data.
      for await (const keys of votingKeysInIdOrder(client, { batchSize: batchSize * 4, requireConsent: settings.requireConsent })) {
        if (!started) {
          await begin();
          started = true;
        }
        for (const key of keys) {
          const ended = grouper.push(key);
          if (ended) yield unitOf(ended);
        }
      }
      if (!started) await begin();
      const last = grouper.flush();
      if (last) yield unitOf(last);
    }
    const encode = limited(runner.parallelism, (ids: readonly string[]) => runner.encode(ids));
    let lastReadHit = false;
    const encodeTrainUnit = async ({ ids, cacheKey }: TrainUnit): Promise<EncodedUnit> => {
      const { cache } = begun;
      if (!cache || cacheKey === undefined) return encode(ids);
      const cached = await cache.read(cacheKey, ids);
      lastReadHit = cached !== null;
      if (cached) return cached;
      const unit = await encode(ids);
      await cache.write(cacheKey, ids, unit);
      return unit;
    };
    // A vote deleted since the cursor read it has no record: the sampler only sees the records written.
    const sampleWritten = ({ keys }: TrainUnit, encoded: EncodedUnit, jsonlOffset: number) => {
      let offset = jsonlOffset;
      let k = 0;
      encoded.ids.forEach((id, index) => {
        while (keys[k].voteId !== id) k++;
        sampler.add(keys[k], { offset, length: encoded.lineBytes[index] });
        offset += encoded.lineBytes[index];
      });
    };
    const trainFiles = { jsonl: file(DATASET_FILES.trainJsonl), parquet: file(DATASET_FILES.trainParquet) };
    const train = await writeSplit(trainUnits(), encodeTrainUnit, trainFiles, {
      stats: trainStats,
      underWay: () => runner.parallelism + (lastReadHit ? CACHE_READ_AHEAD : 0),
      onWritten: sampleWritten,
      onRecords: (done) => onProgress?.({ phase: "train", done, total: Math.max(trainTotal, done) }),
    });
    for (const [name, hash] of train.hashes) hashes.set(name, hash);
    onProgress?.({ phase: "train", done: train.count, total: train.count });

    // Pass 2: the sampled records, read back from train.jsonl: the same lines, and their row groups.
    const sample = sampler.finish();
    sampling = sample.report;
    onProgress?.({ phase: "eval", done: 0, total: sample.voteIds.length });
    const trainLines = await open(trainFiles.jsonl, "r");
    try {
      const parquet = new ParquetRowGroupEncoder();
      const encodeEvalUnit = async (lines: LineRef[]): Promise<EncodedUnit> => {
        const bytes = await Promise.all(lines.map((line) => readAt(trainLines, line)));
        const records = bytes.map((line) => JSON.parse(line.toString("utf8")) as SciArenaEvalRecord);
        return encodeUnitOf(records, Buffer.concat(bytes), parquet);
      };
      const evalUnits = function* () {
        for (let start = 0; start < sample.payloads.length; start += rowGroupSize) yield sample.payloads.slice(start, start + rowGroupSize);
      };
      const evaluation = await writeSplit(
        evalUnits(),
        encodeEvalUnit,
        { jsonl: file(DATASET_FILES.evalJsonl), parquet: file(DATASET_FILES.evalParquet) },
        { stats: evalStats, underWay: 2, onRecords: (done) => onProgress?.({ phase: "eval", done, total: sample.voteIds.length }) },
      );
      for (const [name, hash] of evaluation.hashes) hashes.set(name, hash);
      onProgress?.({ phase: "eval", done: evaluation.count, total: evaluation.count });
    } finally {
      await trainLines.close();
    }
  } finally {
    client.release();
    await runner.close();
    await summaryLoading.catch(() => {});
  }
  const { summary, cache } = begun;
  if (!summary) throw new Error("the export ended before it began");

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
  await cache?.prune();
  return {
    manifest,
    membershipHash: summary.membershipHash,
    contentVersion: summary.contentVersion,
    unitCache: cache ? { ...cache.stats } : null,
    threads,
    ms: Date.now() - started,
  };
}
