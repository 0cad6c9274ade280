import { ByteWriter, ParquetWriter } from "hyparquet-writer";
import { RECORD_PARQUET_SCHEMA } from "./parquet-schema";
import { RECORD_FIELDS, type SciArenaEvalRecord } from "./record";
import type { RecordSource } from "./record-source";

export const DEFAULT_ROW_GROUP_SIZE = 1000;

// Fixed, so that the same records always give the same bytes (no version or date in the footer).
const CREATED_BY = "open-sciarena dataset export";

export interface ParquetChunksOptions {
  /** Records per row group: the most records (and their encoded bytes) held in memory at once. */
  rowGroupSize?: number;
}

/**
 * The Parquet file as byte chunks, one per row group plus the footer. Pulling a chunk encodes one row
 * group; nothing else of the file is kept in memory except the footer's per-chunk metadata.
 */
export async function* parquetChunks(records: RecordSource, { rowGroupSize = DEFAULT_ROW_GROUP_SIZE }: ParquetChunksOptions = {}): AsyncGenerator<Uint8Array> {
  if (!Number.isInteger(rowGroupSize) || rowGroupSize < 1) {
    throw new RangeError(`rowGroupSize must be a positive integer, got ${rowGroupSize}`);
  }
  const bytes = new ByteWriter();
  const parquet = new ParquetWriter({
    writer: bytes,
    schema: [...RECORD_PARQUET_SCHEMA],
    codec: "SNAPPY",
    createdBy: CREATED_BY,
  });

  // ByteWriter appends at `index` and counts file offsets in `offset`; handing out the bytes and
  // rewinding `index` (what hyparquet-writer's own file writer does) keeps the buffer one row group big.
  const takeWrittenBytes = (): Uint8Array => {
    const written = bytes.getBytes().slice();
    bytes.index = 0;
    return written;
  };

  const writeRowGroup = async (group: SciArenaEvalRecord[]): Promise<void> => {
    const columnData = RECORD_FIELDS.map((field) => ({ name: field, data: group.map((record) => record[field]) }));
    await parquet.write({ columnData, rowGroupSize: group.length });
  };

  let group: SciArenaEvalRecord[] = [];
  for await (const record of records) {
    // No canonical copy needed: columns are picked by name, and nested values are read by schema name.
    group.push(record);
    if (group.length === rowGroupSize) {
      await writeRowGroup(group);
      group = [];
      yield takeWrittenBytes();
    }
  }
  if (group.length > 0) await writeRowGroup(group);
  await parquet.finish();
  yield takeWrittenBytes();
}
