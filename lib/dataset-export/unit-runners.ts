import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import type pg from "pg";
import { startModuleWorker } from "@/lib/threads/start-module-worker";
import { createUnitEncoder, type EncodedUnit, type UnitEncoderOptions } from "./encode-row-group";
import type { ExportWorkerData, ExportWorkerRequest, ExportWorkerResponse } from "./export-worker";
import { REFERENCE_CACHE_CHARS } from "./load-stored-votes";

// Where the units of an export are encoded: on this thread only (what the web process does), or on this
// thread and worker threads, each worker with its own database connection, so that loading, mapping and
// encoding use every core. The caller awaits the units in the order it asked for them.

/**
 * A worker holds two units (a few thousand records) and a reference-list cache; without limits V8 lets
 * each thread's heap grow far past that, and the export's memory with it.
 */
const WORKER_HEAP_LIMITS = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 };

/**
 * The default of `npm run export`: a core is left to PostgreSQL and the writing, at most 4 threads. On two
 * cores a second thread gained nothing (the export and PostgreSQL already keep both busy) and cost ~100 MB.
 */
export const DEFAULT_EXPORT_THREADS = Math.max(1, Math.min(4, availableParallelism() - 1));

export interface UnitRunner {
  /** How many units may be under way at once for the runner to stay busy. */
  readonly parallelism: number;
  encode(ids: readonly string[]): Promise<EncodedUnit>;
  close(): Promise<void>;
}

function inProcessRunner(db: pg.Pool, options: UnitEncoderOptions): UnitRunner {
  const encode = createUnitEncoder(db, options);
  // Two: the next unit's votes load while this one is encoded.
  return { parallelism: 2, encode, close: async () => {} };
}

interface Pending {
  resolve: (unit: EncodedUnit) => void;
  reject: (error: Error) => void;
}

/** Where a unit can go: this thread, or one worker. */
interface Lane {
  /** Units sent and not yet answered. */
  busy: number;
  encode(ids: readonly string[]): Promise<EncodedUnit>;
}

function workerLane(data: ExportWorkerData, onFailure: (error: Error) => void): Lane & { worker: Worker } {
  const pending = new Map<number, Pending>();
  let seq = 0;
  const worker = startModuleWorker(import.meta.url, "export-worker", { workerData: data, resourceLimits: WORKER_HEAP_LIMITS });
  const fail = (error: Error) => {
    onFailure(error);
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on("message", (message: ExportWorkerResponse) => {
    const waiting = pending.get(message.seq);
    if (!waiting) return;
    pending.delete(message.seq);
    if ("error" in message) waiting.reject(new Error(message.error));
    else waiting.resolve(message.unit);
  });
  worker.on("error", (error) => fail(new Error(`an export thread failed: ${error.message}`)));
  worker.on("exit", (code) => fail(new Error(`an export thread stopped (exit code ${code})`)));
  return {
    worker,
    get busy() {
      return pending.size;
    },
    encode: (ids) =>
      new Promise((resolve, reject) => {
        const id = seq++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ seq: id, ids: [...ids] } satisfies ExportWorkerRequest);
      }),
  };
}

/**
 * This thread plus `threads − 1` workers. This thread takes units too: it has every module loaded already,
 * while each worker costs tens of MB of its own; its other work (the cursor, hashing, writing) is light.
 */
class ThreadsRunner implements UnitRunner {
  readonly parallelism: number;
  private readonly workers: Worker[] = [];
  private readonly lanes: Lane[] = [];
  private failure: Error | null = null;

  constructor(db: pg.Pool, threads: number, options: UnitEncoderOptions, databaseUrl: string) {
    // Two units per thread: one loading while the other is encoded.
    this.parallelism = threads * 2;
    const encodeHere = createUnitEncoder(db, options);
    const here: Lane = {
      busy: 0,
      encode: async (ids) => {
        here.busy++;
        try {
          return await encodeHere(ids);
        } finally {
          here.busy--;
        }
      },
    };
    this.lanes.push(here);
    for (let i = 1; i < threads; i++) {
      const lane = workerLane({ ...options, databaseUrl }, (error) => (this.failure ??= error));
      this.workers.push(lane.worker);
      this.lanes.push(lane);
    }
  }

  encode(ids: readonly string[]): Promise<EncodedUnit> {
    if (this.failure) return Promise.reject(this.failure);
    // The least busy lane takes it (this thread on ties: it answers without a copy).
    const lane = this.lanes.reduce((best, candidate) => (candidate.busy < best.busy ? candidate : best));
    return lane.encode(ids);
  }

  async close(): Promise<void> {
    this.failure ??= new Error("the export threads were closed");
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

/** `threads` worker threads, or this thread for 1. */
export function createUnitRunner(db: pg.Pool, options: UnitEncoderOptions & { threads: number }): UnitRunner {
  const { threads, ...encoderOptions } = options;
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`);
  if (threads === 1) return inProcessRunner(db, encoderOptions);
  // Each thread keeps its own reference lists; together no more than one thread would.
  encoderOptions.referenceCacheChars ??= Math.floor(REFERENCE_CACHE_CHARS / threads);
  const databaseUrl = db.options.connectionString;
  if (!databaseUrl) throw new Error("an export on several threads needs a pool created from a connection string (or threads: 1)");
  return new ThreadsRunner(db, threads, encoderOptions, databaseUrl);
}
