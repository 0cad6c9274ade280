import { parquetMetadata, parquetReadObjects, readOffsetIndex } from "hyparquet";
import { describe, expect, it } from "vitest";
import { canonicalRecord } from "./canonical-record";
import { createRecordMapper } from "./map-record";
import { readParquetRecords } from "./parquet-reader";
import { RECORD_PARQUET_SCHEMA } from "./parquet-schema";
import { ParquetFileAssembler, ParquetRowGroupEncoder, parquetChunks } from "./parquet-writer";
import { RECORD_FIELDS, type SciArenaEvalRecord } from "./record";
import { TEST_SALT, generateStoredVotes } from "./test-fixtures";

const mapRecord = createRecordMapper({ annotatorSalt: TEST_SALT });

async function parquetFile(records: Iterable<SciArenaEvalRecord>, rowGroupSize?: number): Promise<{ file: ArrayBuffer; chunkCount: number }> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of parquetChunks(records, { rowGroupSize })) chunks.push(chunk);
  const file = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    file.set(chunk, offset);
    offset += chunk.length;
  }
  return { file: file.buffer, chunkCount: chunks.length };
}

describe("parquetChunks", () => {
  const records = generateStoredVotes(120, 3).map(mapRecord);

  it("reads back with hyparquet as exactly the records written", async () => {
    const { file } = await parquetFile(records, 50);
    const rows = await parquetReadObjects({ file });
    expect(rows).toEqual(records.map(canonicalRecord));
  });

  it("writes the published columns in order, one row group per rowGroupSize records", async () => {
    const { file, chunkCount } = await parquetFile(records, 50);
    const metadata = parquetMetadata(file);
    expect(Number(metadata.num_rows)).toBe(120);
    expect(metadata.row_groups.map((group) => Number(group.num_rows))).toEqual([50, 50, 20]);
    // One chunk per full row group, then the last group together with the footer.
    expect(chunkCount).toBe(3);
    expect(metadata.schema.map((element) => element.name)).toEqual(RECORD_PARQUET_SCHEMA.map((element) => element.name));
    const columnNames = Object.keys((await parquetReadObjects({ file, rowEnd: 1 }))[0]);
    expect(columnNames).toEqual([...RECORD_FIELDS]);
  });

  it("stores citations as native nested lists, not JSON text", async () => {
    const { file } = await parquetFile(records.slice(0, 1));
    const leafPaths = parquetMetadata(file).row_groups[0].columns.map((column) => column.meta_data?.path_in_schema.join("."));
    expect(leafPaths).toContain("citations_a.list.element.authors.list.element");
    expect(leafPaths).toContain("paper_bank.list.element.number");
  });

  it("gives the same bytes for the same records", async () => {
    const first = new Uint8Array((await parquetFile(records, 50)).file);
    const second = new Uint8Array((await parquetFile([...records], 50)).file);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    const otherGrouping = new Uint8Array((await parquetFile(records, 40)).file);
    expect(Buffer.from(otherGrouping).equals(Buffer.from(first))).toBe(false);
  });

  it("reads back exactly when records share citation objects and paper banks (one retrieval run)", async () => {
    const stored = generateStoredVotes(30, 5);
    const shared = stored.map((vote, index) => (index < 2 ? vote : { ...vote, paperBank: stored[index % 2].paperBank, citationsB: stored[index % 2].paperBank.slice(1) }));
    const sharedRecords = shared.map(mapRecord);
    const { file } = await parquetFile(sharedRecords, 7);
    expect(await parquetReadObjects({ file })).toEqual(sharedRecords.map(canonicalRecord));
  });

  it("writes a valid empty file for no records", async () => {
    const { file } = await parquetFile([]);
    expect(Number(parquetMetadata(file).num_rows)).toBe(0);
    expect(await parquetReadObjects({ file })).toEqual([]);
  });

  it("rejects a non-positive row group size", async () => {
    await expect(parquetFile(records, 0)).rejects.toThrow(RangeError);
  });
});

describe("readParquetRecords", () => {
  it("reads our own Parquet export back exactly, in batches", async () => {
    const records = generateStoredVotes(37, 4).map(mapRecord);
    const { file } = await parquetFile(records, 10);
    const readBack: SciArenaEvalRecord[] = [];
    for await (const record of readParquetRecords(file, { batchRows: 8 })) readBack.push(record);
    expect(readBack).toEqual(records);
  });
});

describe("ParquetRowGroupEncoder and ParquetFileAssembler", () => {
  // Long answers, so that the answer columns take several pages per row group and get page indexes.
  const records = generateStoredVotes(90, 3).map(mapRecord).map((record, index) => ({ ...record, responseA: `${index} ${"long answer text ".repeat(2400)}` }));

  function assembled(groups: SciArenaEvalRecord[][]): ArrayBuffer {
    // Two encoders taking turns, and a structured clone of each group: as if made on other threads.
    const encoders = [new ParquetRowGroupEncoder(), new ParquetRowGroupEncoder()];
    const file = new ParquetFileAssembler();
    const parts = [file.header()];
    groups.forEach((group, index) => parts.push(file.append(structuredClone(encoders[index % 2].encode(group)))));
    parts.push(file.finish());
    return new Uint8Array(Buffer.concat(parts)).buffer;
  }

  const groupsOf = (size: number) => Array.from({ length: Math.ceil(records.length / size) }, (_, index) => records.slice(index * size, (index + 1) * size));

  it("puts row groups made apart into the file one encoder would write, byte for byte", async () => {
    const file = assembled(groupsOf(40));
    expect(Buffer.from(file).equals(Buffer.from((await parquetFile(records, 40)).file))).toBe(true);
    expect(await parquetReadObjects({ file })).toEqual(records.map(canonicalRecord));
  });

  it("points every column chunk and page index at its own bytes", () => {
    const file = assembled(groupsOf(40));
    const metadata = parquetMetadata(file);
    let indexed = 0;
    for (const group of metadata.row_groups) {
      for (const column of group.columns) {
        const meta = column.meta_data!;
        const start = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
        expect(Number(column.file_offset)).toBe(start);
        if (column.offset_index_offset === undefined) continue;
        indexed++;
        const view = new DataView(file, Number(column.offset_index_offset), column.offset_index_length);
        const pages = readOffsetIndex({ view, offset: 0 }).page_locations;
        expect(Number(pages[0].offset)).toBe(Number(meta.data_page_offset));
        for (let page = 1; page < pages.length; page++) expect(Number(pages[page].offset)).toBe(Number(pages[page - 1].offset) + pages[page - 1].compressed_page_size);
        const last = pages.at(-1)!;
        expect(Number(last.offset) + last.compressed_page_size).toBe(start + Number(meta.total_compressed_size));
      }
    }
    expect(indexed).toBe(2); // the long answers of the two full row groups
  });

  it("refuses an empty row group", () => {
    expect(() => new ParquetRowGroupEncoder().encode([])).toThrow(/at least one record/);
  });
});
