import type pg from "pg";
import { mappedRecordsToJsonLines } from "@/lib/dataset/jsonl";
import { createRecordMapper } from "@/lib/dataset/map-record";
import { ParquetRowGroupEncoder, type EncodedRowGroup } from "@/lib/dataset/parquet-writer";
import type { EvalVote, SciArenaEvalRecord } from "@/lib/dataset/record";
import type { StoredVote } from "@/lib/dataset/stored-vote";
import { loadStoredVotes, ReferenceListCache } from "./load-stored-votes";

// The unit of work of an export: the votes of one Parquet row group, loaded, mapped and encoded as JSON
// Lines and as a standalone row group. Units are independent, so they can be made on several threads and
// put together in order (see export-dataset.ts); the files come out the same either way.

/** One encoded unit: plain data that crosses threads (the byte buffers are transferred, not copied). */
export interface EncodedUnit {
  /** Record ids in file order, and what the split statistics need of each record. */
  ids: string[];
  votes: EvalVote[];
  subjects: (string | null)[];
  questionTypes: (string | null)[];
  jsonl: Uint8Array;
  /** The byte length of each record's line in `jsonl` ("\n" included). */
  lineBytes: number[];
  /** Null when none of the ids was found (deleted meanwhile). */
  parquet: EncodedRowGroup | null;
  /** For a unit read from the unit cache: gives its buffer back once its bytes are written. */
  release?: () => void;
}

export interface UnitEncoderOptions {
  annotatorSalt: string;
  /** Votes loaded per database round trip. */
  batchSize: number;
  /** Text of reference lists kept between units (see ReferenceListCache). */
  referenceCacheChars?: number;
}

export type UnitEncoder = (ids: readonly string[]) => Promise<EncodedUnit>;

/** The byte length of each line of JSON Lines bytes (JSON text never holds a raw "\n"). */
function lineLengths(jsonl: Buffer): number[] {
  const lengths: number[] = [];
  for (let start = 0; start < jsonl.length; ) {
    const end = jsonl.indexOf(10, start);
    if (end < 0) throw new Error("JSON Lines must end with a newline");
    lengths.push(end + 1 - start);
    start = end + 1;
  }
  return lengths;
}

/** A unit of records given with their JSON Lines bytes (one line per record, in order). */
export function encodeUnitOf(records: readonly SciArenaEvalRecord[], jsonl: Buffer, parquet: ParquetRowGroupEncoder): EncodedUnit {
  const lineBytes = lineLengths(jsonl);
  if (lineBytes.length !== records.length) throw new Error(`${records.length} records but ${lineBytes.length} lines`);
  return {
    ids: records.map((record) => record.id),
    votes: records.map((record) => record.vote),
    subjects: records.map((record) => record.subject),
    questionTypes: records.map((record) => record.question_type),
    jsonl,
    lineBytes,
    parquet: records.length > 0 ? parquet.encode(records) : null,
  };
}

/** Loads (in round trips of `batchSize`), maps and encodes the votes of `ids`, in that order. */
export function createUnitEncoder(db: pg.Pool, { annotatorSalt, batchSize, referenceCacheChars }: UnitEncoderOptions): UnitEncoder {
  const mapRecord = createRecordMapper({ annotatorSalt });
  const parquet = new ParquetRowGroupEncoder();
  const references = new ReferenceListCache(referenceCacheChars);
  return async (ids) => {
    const loading: Promise<StoredVote[]>[] = [];
    for (let start = 0; start < ids.length; start += batchSize) loading.push(loadStoredVotes(db, ids.slice(start, start + batchSize), references));
    for (const load of loading) load.catch(() => {}); // awaited below; keeps an early failure from being "unhandled"
    const votes = (await Promise.all(loading)).flat();
    const records = votes.map(mapRecord);
    return encodeUnitOf(records, mappedRecordsToJsonLines(records), parquet);
  };
}
