import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import type pg from "pg";
import { startModuleWorker } from "@/lib/threads/start-module-worker";
import { createUnitEncoder, type EncodedUnit, type UnitEncoderOptions } from "./encode-row-group";
import type { ExportWorkerData, ExportWorkerRequest, ExportWorkerResponse } from "./export-worker";

// Where the units of an export are encoded: on this thread (what the web process does), or on worker
// threads, each with its own database connection, so that loading, mapping and encoding use every core.
// Either way `encode` answers in the order called.

/**
 * A worker holds two units (a few thousand records) and a reference-list cache; without limits V8 lets
 * each thread's heap grow far past that, and the export's memory with it.
 */
const WORKER_HEAP_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };

/** The cores, at most 4: the default of `npm run export`. */
export const DEFAULT_EXPORT_THREADS = Math.min(4, availableParallelism());

export interface UnitRunner {
  /** How many units may be under way at once for the runner to stay busy. */
  readonly parallelism: number;
  encode(ids: readonly string[]): Promise<EncodedUnit>;
  close(): Promise<void>;
}

export function inProcessRunner(db: pg.Pool, options: UnitEncoderOptions): UnitRunner {
  const encode = createUnitEncoder(db, options);
  // Two: the next unit's votes load while this one is encoded.
  return { parallelism: 2, encode, close: async () => {} };
}

interface Pending {
  resolve: (unit: EncodedUnit) => void;
  reject: (error: Error) => void;
}

class WorkerRunner implements UnitRunner {
  readonly parallelism: number;
  private readonly workers: { worker: Worker; pending: Map<number, Pending> }[] = [];
  private seq = 0;
  private failure: Error | null = null;

  constructor(threads: number, data: ExportWorkerData) {
    // Two units per worker: one loading while the other is encoded.
    this.parallelism = threads * 2;
    for (let i = 0; i < threads; i++) {
      const pending = new Map<number, Pending>();
      const worker = startModuleWorker(import.meta.url, "export-worker", { workerData: data, resourceLimits: WORKER_HEAP_LIMITS });
      const fail = (error: Error) => {
        this.failure ??= error;
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
      this.workers.push({ worker, pending });
    }
  }

  encode(ids: readonly string[]): Promise<EncodedUnit> {
    if (this.failure) return Promise.reject(this.failure);
    // The least busy worker takes it.
    const target = this.workers.reduce((best, candidate) => (candidate.pending.size < best.pending.size ? candidate : best));
    const seq = this.seq++;
    return new Promise((resolve, reject) => {
      target.pending.set(seq, { resolve, reject });
      target.worker.postMessage({ seq, ids: [...ids] } satisfies ExportWorkerRequest);
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error("the export threads were closed");
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}

/** `threads` worker threads, or this thread for 1. */
export function createUnitRunner(db: pg.Pool, options: UnitEncoderOptions & { threads: number }): UnitRunner {
  const { threads, ...encoderOptions } = options;
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`);
  if (threads === 1) return inProcessRunner(db, encoderOptions);
  const databaseUrl = db.options.connectionString;
  if (!databaseUrl) throw new Error("an export on several threads needs a pool created from a connection string (or threads: 1)");
  return new WorkerRunner(threads, { ...encoderOptions, databaseUrl });
}
