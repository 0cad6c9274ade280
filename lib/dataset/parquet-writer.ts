import { ByteWriter, ParquetWriter } from "hyparquet-writer";
import { RECORD_PARQUET_SCHEMA } from "./parquet-schema";
import { RECORD_FIELDS, type EvalCitation, type PaperBankEntry, type SciArenaEvalRecord } from "./record";
import type { RecordSource } from "./record-source";

export const DEFAULT_ROW_GROUP_SIZE = 1000;

// Fixed, so that the same records always give the same bytes (no version or date in the footer).
const CREATED_BY = "open-sciarena dataset export";

type ColumnOptions = Pick<Parameters<ParquetWriter["write"]>[0]["columnData"][number], "encoding" | "statistics">;

// Long or nested text is nearly unique per row: trying a dictionary (hashing a sample of every value)
// and min/max statistics (comparing every value) cost more than the encoding itself and gain nothing
// a reader could use, so those columns are written PLAIN (and Snappy still compresses repeats). Short
// columns keep the library's defaults: dictionaries for models, votes, disciplines, annotators, and
// statistics for ids and times, which let readers skip row groups.
const PLAIN_WITHOUT_STATISTICS: ColumnOptions = { encoding: "PLAIN", statistics: false };
const COLUMN_OPTIONS: Partial<Record<(typeof RECORD_FIELDS)[number], ColumnOptions>> = {
  id: { encoding: "PLAIN" },
  question: PLAIN_WITHOUT_STATISTICS,
  responseA: PLAIN_WITHOUT_STATISTICS,
  responseB: PLAIN_WITHOUT_STATISTICS,
  citations_a: PLAIN_WITHOUT_STATISTICS,
  citations_b: PLAIN_WITHOUT_STATISTICS,
  paper_bank: PLAIN_WITHOUT_STATISTICS,
  created_at: { encoding: "PLAIN" },
  reason: PLAIN_WITHOUT_STATISTICS,
};

// Text columns handed over as UTF-8 bytes, which the library writes as they are: Buffer.from is about
// twice as fast as the TextEncoder the library would use.
const BYTES_COLUMNS = new Set<string>(["question", "responseA", "responseB", "reason"]);
const NESTED_COLUMNS = new Set<string>(["citations_a", "citations_b", "paper_bank"]);

const utf8 = (text: string): Uint8Array => Buffer.from(text, "utf8");
const utf8OrNull = (text: unknown): unknown => (typeof text === "string" ? utf8(text) : text);

type ParquetCitation = Omit<EvalCitation, "concise_authors" | "title" | "authors" | "paper_id" | "content"> & {
  concise_authors: Uint8Array;
  title: Uint8Array;
  authors: Uint8Array[];
  paper_id: Uint8Array;
  content: Uint8Array;
};

function parquetCitation(citation: EvalCitation): ParquetCitation {
  return {
    concise_authors: utf8(citation.concise_authors),
    title: utf8(citation.title),
    authors: citation.authors.map(utf8),
    year: citation.year,
    paper_id: utf8(citation.paper_id),
    content: utf8(citation.content),
  };
}

export interface ParquetChunksOptions {
  /** Records per row group: the most records (and their encoded bytes) held in memory at once. */
  rowGroupSize?: number;
}

type RowGroupMetadata = ParquetWriter["row_groups"][number];
type ColumnIndexes = Omit<ParquetWriter["pendingIndexes"][number], "chunk">;

/**
 * One row group encoded on its own, with its footer metadata counted from the group's first byte, so
 * that it can be made anywhere (on another thread) and placed at any offset of a file by a
 * ParquetFileAssembler. Plain data (structured-cloneable): bytes, numbers, bigints.
 */
export interface EncodedRowGroup {
  bytes: Uint8Array;
  rowGroup: RowGroupMetadata;
  /** The page indexes of each column chunk, in the order of rowGroup.columns. */
  indexes: ColumnIndexes[];
}

function shiftRowGroup({ rowGroup, indexes }: Omit<EncodedRowGroup, "bytes">, by: bigint): void {
  for (const chunk of rowGroup.columns) {
    chunk.file_offset += by;
    const meta = chunk.meta_data;
    if (meta) {
      meta.data_page_offset += by;
      if (meta.dictionary_page_offset !== undefined) meta.dictionary_page_offset += by;
    }
  }
  for (const { offsetIndex } of indexes) for (const page of offsetIndex?.page_locations ?? []) page.offset += by;
}

function createWriter(bytes: ByteWriter): ParquetWriter {
  return new ParquetWriter({ writer: bytes, schema: [...RECORD_PARQUET_SCHEMA], codec: "SNAPPY", createdBy: CREATED_BY });
}

// ByteWriter appends at `index` and counts file offsets in `offset`; handing out the bytes and rewinding
// `index` (what hyparquet-writer's own file writer does) keeps the buffer one row group big.
function takeWrittenBytes(bytes: ByteWriter): Uint8Array {
  const written = bytes.getBytes().slice();
  bytes.index = 0;
  return written;
}

/**
 * Encodes records into standalone row groups (see EncodedRowGroup). Keeps nothing between calls but a
 * cache of converted paper banks.
 */
export class ParquetRowGroupEncoder {
  // Records of votes on one retrieval run may share their paper-bank array (see createRecordMapper): its
  // UTF-8 form is made once. Records must not change while the file is written.
  private readonly paperBanks = new WeakMap<readonly PaperBankEntry[], (ParquetCitation & { number: number })[]>();
  private readonly bytes = new ByteWriter();
  private readonly parquet = createWriter(this.bytes);

  private paperBank(entries: readonly PaperBankEntry[]): (ParquetCitation & { number: number })[] {
    let converted = this.paperBanks.get(entries);
    if (converted === undefined) this.paperBanks.set(entries, (converted = entries.map((entry) => ({ number: entry.number, ...parquetCitation(entry) }))));
    return converted;
  }

  private columnValues(field: (typeof RECORD_FIELDS)[number], records: readonly SciArenaEvalRecord[]): unknown[] {
    if (field === "paper_bank") return records.map((record) => this.paperBank(record.paper_bank));
    if (NESTED_COLUMNS.has(field)) return records.map((record) => (record[field] as EvalCitation[]).map(parquetCitation));
    if (BYTES_COLUMNS.has(field)) return records.map((record) => utf8OrNull(record[field]));
    return records.map((record) => record[field]);
  }

  /** One row group of these records (at least one). */
  encode(records: readonly SciArenaEvalRecord[]): EncodedRowGroup {
    if (records.length === 0) throw new RangeError("a row group needs at least one record");
    // Drop the file header the writer began with (the assembler writes its own) and count offsets from
    // this group's first byte.
    takeWrittenBytes(this.bytes);
    this.bytes.offset = 0;
    // No canonical copy needed: columns are picked by name, and nested values are read by schema name.
    const columnData = RECORD_FIELDS.map((field) => ({
      name: field,
      data: this.columnValues(field, records),
      ...COLUMN_OPTIONS[field],
    }));
    void this.parquet.write({ columnData, rowGroupSize: records.length });
    const rowGroup = this.parquet.row_groups.pop()!;
    // The chunk of each index is the column chunk of the row group (put back by the assembler).
    const indexes = this.parquet.pendingIndexes.splice(0).map(({ columnIndex, offsetIndex, bloomFilter }) => ({ columnIndex, offsetIndex, bloomFilter }));
    this.parquet.num_rows = 0n;
    return { bytes: takeWrittenBytes(this.bytes), rowGroup, indexes };
  }
}

/**
 * Puts encoded row groups together into one Parquet file: header, the groups in the order given, footer.
 * Each call returns the bytes to append; only the footer's metadata is kept.
 */
export class ParquetFileAssembler {
  private readonly bytes = new ByteWriter();
  private readonly parquet = createWriter(this.bytes);

  /** The file header: the first bytes of the file. */
  header(): Uint8Array {
    if (this.bytes.offset !== this.bytes.index) throw new Error("the header was taken already");
    return takeWrittenBytes(this.bytes);
  }

  /** The bytes of this row group, to append right after everything returned before. Takes `encoded` over. */
  append(encoded: EncodedRowGroup): Uint8Array {
    const { rowGroup, indexes, bytes } = encoded;
    if (indexes.length !== rowGroup.columns.length) throw new Error("row group indexes do not match its columns");
    shiftRowGroup(encoded, BigInt(this.bytes.offset));
    this.shareRepeatedMetadata(rowGroup);
    this.parquet.row_groups.push(rowGroup);
    this.parquet.num_rows += rowGroup.num_rows;
    // Each index refers to its column chunk, the one the footer holds (after a thread hop, a copy).
    rowGroup.columns.forEach((chunk, column) => this.parquet.pendingIndexes.push({ chunk, ...indexes[column] }));
    this.bytes.offset += bytes.length;
    return bytes;
  }

  // The footer's metadata is kept until the end, about 30 KB per row group after a thread hop, which
  // copies every string and array: the parts that are the same in every group are shared instead.
  private readonly repeated = new Map<string, unknown>();

  private shared<T>(value: T): T {
    const key = JSON.stringify(value);
    const known = this.repeated.get(key);
    if (known !== undefined) return known as T;
    this.repeated.set(key, value);
    return value;
  }

  private shareRepeatedMetadata(rowGroup: RowGroupMetadata): void {
    for (const chunk of rowGroup.columns) {
      const meta = chunk.meta_data;
      if (!meta) continue;
      meta.path_in_schema = this.shared(meta.path_in_schema);
      meta.encodings = this.shared(meta.encodings);
      if (meta.encoding_stats) meta.encoding_stats = this.shared(meta.encoding_stats);
    }
  }

  /** The footer (page indexes and metadata). */
  finish(): Uint8Array {
    void this.parquet.finish();
    return takeWrittenBytes(this.bytes);
  }
}

/**
 * A Parquet file written row group by row group on this thread: each call returns the bytes to append.
 * Nothing of the file is kept in memory between calls except the footer's per-chunk metadata.
 */
export class ParquetRecordEncoder {
  private readonly rowGroups = new ParquetRowGroupEncoder();
  private readonly file = new ParquetFileAssembler();
  private header: Uint8Array | null = this.file.header();

  private afterHeader(bytes: Uint8Array): Uint8Array {
    const header = this.header;
    if (header === null) return bytes;
    this.header = null;
    const joined = new Uint8Array(header.length + bytes.length);
    joined.set(header);
    joined.set(bytes, header.length);
    return joined;
  }

  /** One row group of these records (the header comes with the first). */
  rowGroup(records: readonly SciArenaEvalRecord[]): Uint8Array {
    return this.afterHeader(records.length > 0 ? this.file.append(this.rowGroups.encode(records)) : new Uint8Array(0));
  }

  /** The footer (and the header, for a file without row groups). */
  finish(): Uint8Array {
    return this.afterHeader(this.file.finish());
  }
}

/**
 * The Parquet file as byte chunks, one per row group plus the footer. Pulling a chunk encodes one row
 * group; nothing else of the file is kept in memory except the footer's per-chunk metadata.
 */
export async function* parquetChunks(records: RecordSource, { rowGroupSize = DEFAULT_ROW_GROUP_SIZE }: ParquetChunksOptions = {}): AsyncGenerator<Uint8Array> {
  if (!Number.isInteger(rowGroupSize) || rowGroupSize < 1) {
    throw new RangeError(`rowGroupSize must be a positive integer, got ${rowGroupSize}`);
  }
  const encoder = new ParquetRecordEncoder();
  let group: SciArenaEvalRecord[] = [];
  for await (const record of records) {
    group.push(record);
    if (group.length === rowGroupSize) {
      yield encoder.rowGroup(group);
      group = [];
    }
  }
  const last = encoder.rowGroup(group);
  const footer = encoder.finish();
  const tail = new Uint8Array(last.length + footer.length);
  tail.set(last);
  tail.set(footer, last.length);
  yield tail;
}
