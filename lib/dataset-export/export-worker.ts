import { parentPort, workerData } from "node:worker_threads";
import pg from "pg";
import { createUnitEncoder, type EncodedUnit, type UnitEncoderOptions } from "./encode-row-group";

// A worker thread of an export (see unit-runners.ts): encodes the units it is sent, in the order sent,
// with a database connection of its own, and posts each result back with its sequence number. The next
// unit's votes are already being loaded while one is encoded.

export interface ExportWorkerData extends UnitEncoderOptions {
  databaseUrl: string;
}

export type ExportWorkerRequest = { seq: number; ids: string[] };
export type ExportWorkerResponse = { seq: number; unit: EncodedUnit } | { seq: number; error: string };

const { databaseUrl, ...options } = workerData as ExportWorkerData;
const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
pool.on("error", () => {}); // a lost idle connection is replaced on the next query
const encode = createUnitEncoder(pool, options);
const port = parentPort!;
let previous: Promise<unknown> = Promise.resolve();

port.on("message", ({ seq, ids }: ExportWorkerRequest) => {
  const encoding = encode(ids);
  encoding.catch(() => {}); // reported below, in order
  previous = previous.then(async () => {
    try {
      const unit = await encoding;
      // Moved, not copied; a small Buffer may live in Node's shared pool, which cannot move.
      const transfer = [unit.jsonl, unit.parquet?.bytes].flatMap((bytes) => (bytes && bytes.buffer.byteLength > Buffer.poolSize ? [bytes.buffer as ArrayBuffer] : []));
      port.postMessage({ seq, unit } satisfies ExportWorkerResponse, transfer);
    } catch (error) {
      port.postMessage({ seq, error: error instanceof Error ? error.message : String(error) } satisfies ExportWorkerResponse);
    }
  });
});
port.on("close", () => void pool.end());
