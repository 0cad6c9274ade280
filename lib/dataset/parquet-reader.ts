import { parquetMetadataAsync, parquetReadObjects, type AsyncBuffer } from "hyparquet";
import { normalizeRecord } from "./normalize-record";
import type { SciArenaEvalRecord } from "./record";
import type { RecordReadIssue } from "./read-records";

export interface ReadParquetRecordsOptions {
  /** Rows decoded per step; bounds memory together with the file's row-group size. */
  batchRows?: number;
  onIssue?: (issue: RecordReadIssue) => void;
}

/**
 * Records of a Parquet file: our own export, or a Parquet conversion of the public files (the same
 * lenient normalization as for JSON applies). `file` is hyparquet's AsyncBuffer, e.g.
 * `await asyncBufferFromFile(path)` from "hyparquet/node", or an ArrayBuffer.
 */
export async function* readParquetRecords(
  file: AsyncBuffer,
  { batchRows = 1000, onIssue }: ReadParquetRecordsOptions = {},
): AsyncGenerator<SciArenaEvalRecord> {
  const metadata = await parquetMetadataAsync(file);
  const rowCount = Number(metadata.num_rows);
  for (let rowStart = 0; rowStart < rowCount; rowStart += batchRows) {
    const rowEnd = Math.min(rowStart + batchRows, rowCount);
    const rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd });
    for (const [offset, row] of rows.entries()) {
      const position = rowStart + offset + 1;
      const result = normalizeRecord(row, position);
      if (result.ok) yield result.record;
      else onIssue?.({ position, problem: result.problem });
    }
  }
}
