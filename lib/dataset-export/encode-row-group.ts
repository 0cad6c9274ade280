import type pg from "pg";
import { mappedRecordsToJsonLines } from "@/lib/dataset/jsonl";
import { createRecordMapper } from "@/lib/dataset/map-record";
import { ParquetRowGroupEncoder, type EncodedRowGroup } from "@/lib/dataset/parquet-writer";
import type { EvalVote } from "@/lib/dataset/record";
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
  /** Null when none of the ids was found (deleted meanwhile). */
  parquet: EncodedRowGroup | null;
}

export interface UnitEncoderOptions {
  annotatorSalt: string;
  /** Votes loaded per database round trip. */
  batchSize: number;
  /** Text of reference lists kept between units (see ReferenceListCache). */
  referenceCacheChars?: number;
}

export type UnitEncoder = (ids: readonly string[]) => Promise<EncodedUnit>;

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
    return {
      ids: records.map((record) => record.id),
      votes: records.map((record) => record.vote),
      subjects: records.map((record) => record.subject),
      questionTypes: records.map((record) => record.question_type),
      jsonl: mappedRecordsToJsonLines(records),
      parquet: records.length > 0 ? parquet.encode(records) : null,
    };
  };
}
