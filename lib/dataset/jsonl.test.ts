import { describe, expect, it } from "vitest";
import { canonicalRecord } from "./canonical-record";
import { jsonLinesChunks, mappedRecordsToJsonLines, toJsonLine } from "./jsonl";
import { createRecordMapper } from "./map-record";
import { RECORD_FIELDS, type SciArenaEvalRecord } from "./record";
import { inAscendingIdOrder } from "./record-source";
import { TEST_SALT, generateStoredVotes, storedVote } from "./test-fixtures";

const mapRecord = createRecordMapper({ annotatorSalt: TEST_SALT });

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const collected: T[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}

describe("toJsonLine", () => {
  it("writes the published keys in the published order, whatever the input object looks like", () => {
    const record = mapRecord(storedVote());
    const scrambled = Object.fromEntries(Object.entries({ ...record, extra: "dropped" }).reverse()) as unknown as SciArenaEvalRecord;
    const line = toJsonLine(scrambled);
    expect(line).toBe(toJsonLine(record));
    expect(Object.keys(JSON.parse(line))).toEqual([...RECORD_FIELDS]);
    expect(Object.keys(JSON.parse(line).citations_a[0])).toEqual(["concise_authors", "title", "authors", "year", "paper_id", "content"]);
    expect(Object.keys(JSON.parse(line).paper_bank[0])).toEqual(["number", "concise_authors", "title", "authors", "year", "paper_id", "content"]);
    expect(line).not.toContain("\n");
  });
});

describe("mappedRecordsToJsonLines", () => {
  const canonicalLines = (records: readonly SciArenaEvalRecord[]) => records.map((record) => `${JSON.stringify(canonicalRecord(record))}\n`).join("");

  it("gives the bytes of toJsonLine for everything the record mapper makes: its keys are in the published order", () => {
    const records = [
      ...generateStoredVotes(60, 3),
      storedVote({ question: "q \u{1F9EA} «x» \"quoted\" \\ \u0001", reason: "r\u2028", discipline: " ", category: null, citationsA: [], citationsB: [] }),
      storedVote({ reason: null, discipline: null }),
    ].map(mapRecord);
    const bytes = Buffer.concat([mappedRecordsToJsonLines(records.slice(0, 25)), mappedRecordsToJsonLines(records.slice(25)), mappedRecordsToJsonLines([])]);
    expect(bytes.toString("utf8")).toBe(canonicalLines(records));
    expect(bytes.equals(Buffer.from(records.map((record) => `${toJsonLine(record)}\n`).join(""), "utf8"))).toBe(true);
  });

  it("is not for records from elsewhere: key order and extra keys pass through", () => {
    const record = mapRecord(storedVote());
    const scrambled = { ...Object.fromEntries(Object.entries(record).reverse()), extra: 1 } as unknown as SciArenaEvalRecord;
    expect(mappedRecordsToJsonLines([scrambled]).toString("utf8")).not.toBe(`${toJsonLine(scrambled)}\n`);
  });
});

describe("jsonLinesChunks", () => {
  it("writes one record per line, each line ending in a newline, across chunks", async () => {
    const records = generateStoredVotes(50, 1).map(mapRecord);
    const chunks = await collect(jsonLinesChunks(records, { chunkChars: 500 }));
    expect(chunks.length).toBeGreaterThan(1);
    const text = chunks.join("");
    expect(text.endsWith("\n")).toBe(true);
    expect(text.split("\n").slice(0, -1)).toEqual(records.map(toJsonLine));
  });

  it("writes nothing for no records", async () => {
    expect(await collect(jsonLinesChunks([]))).toEqual([]);
  });
});

describe("inAscendingIdOrder", () => {
  it("passes ordered records and fails on disorder or duplicates", async () => {
    const [first, second] = generateStoredVotes(2, 1).map(mapRecord);
    expect((await collect(inAscendingIdOrder([first, second]))).map((record) => record.id)).toEqual([first.id, second.id]);
    await expect(collect(inAscendingIdOrder([second, first]))).rejects.toThrow(/ascending id order/);
    await expect(collect(inAscendingIdOrder([first, first]))).rejects.toThrow(/ascending id order/);
  });
});
