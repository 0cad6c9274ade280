import { describe, expect, it } from "vitest";
import { sampleBalancedPerDiscipline } from "./balanced-sample";
import { jsonLinesChunks } from "./jsonl";
import { createRecordMapper } from "./map-record";
import { parquetChunks } from "./parquet-writer";
import { SplitMix64 } from "./random";
import { readRecords, readRecordsFromText } from "./read-records";
import type { SciArenaEvalRecord } from "./record";
import { inAscendingIdOrder } from "./record-source";
import type { StoredVote } from "./stored-vote";
import { TEST_SALT, generateStoredVotes } from "./test-fixtures";

// The export as the CLI will run it: a first pass over (id, discipline, choice), sampling, then the
// full records of the chosen ids in id order through the writers.

const votes = generateStoredVotes(400, 21);

function databaseOrder(seed: number): StoredVote[] {
  const rng = new SplitMix64(seed);
  const copy = [...votes];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

async function concatenate(chunks: AsyncIterable<string | Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk));
  return Buffer.concat(parts);
}

async function exportEvalSplit(databaseSeed: number, samplingSeed: number): Promise<{ jsonl: Buffer; parquet: Buffer; taken: number }> {
  const stored = databaseOrder(databaseSeed);
  const { voteIds, report } = sampleBalancedPerDiscipline(
    stored.map(({ voteId, discipline, choice }) => ({ voteId, discipline, choice })),
    { seed: samplingSeed, votesPerSide: 20 },
  );
  const chosen = new Set(voteIds);
  const mapRecord = createRecordMapper({ annotatorSalt: TEST_SALT });
  const recordsInIdOrder = () =>
    inAscendingIdOrder(
      stored
        .filter((vote) => chosen.has(vote.voteId))
        .sort((left, right) => (left.voteId < right.voteId ? -1 : 1))
        .map(mapRecord),
    );
  return {
    jsonl: await concatenate(jsonLinesChunks(recordsInIdOrder())),
    parquet: await concatenate(parquetChunks(recordsInIdOrder(), { rowGroupSize: 16 })),
    taken: report.totalTaken,
  };
}

describe("export", () => {
  it("gives byte-identical JSONL and Parquet for the same seed, whatever order the database returns", async () => {
    const first = await exportEvalSplit(1, 42);
    const second = await exportEvalSplit(2, 42);
    expect(first.taken).toBeGreaterThan(50);
    expect(second.jsonl.equals(first.jsonl)).toBe(true);
    expect(second.parquet.equals(first.parquet)).toBe(true);
  });

  it("gives a different file for a different seed", async () => {
    const first = await exportEvalSplit(1, 42);
    const other = await exportEvalSplit(1, 43);
    expect(other.jsonl.equals(first.jsonl)).toBe(false);
  });
});

describe("export then re-import", () => {
  const mapRecord = createRecordMapper({ annotatorSalt: TEST_SALT });
  const records: SciArenaEvalRecord[] = votes.map(mapRecord);

  it("round-trips every record exactly, and re-exports to the same bytes", async () => {
    const exported = await concatenate(jsonLinesChunks(records));
    const { records: imported, issues } = readRecordsFromText(exported.toString("utf8"));
    expect(issues).toEqual([]);
    expect(imported).toEqual(records);
    expect((await concatenate(jsonLinesChunks(imported))).equals(exported)).toBe(true);
  });

  it("round-trips when the file arrives in byte chunks that split lines and UTF-8 characters", async () => {
    const exported = await concatenate(jsonLinesChunks(records));
    const rng = new SplitMix64(9);
    const byteChunks: Uint8Array[] = [];
    for (let offset = 0; offset < exported.length; ) {
      const size = 1 + rng.nextInt(97);
      byteChunks.push(exported.subarray(offset, offset + size));
      offset += size;
    }
    const imported: SciArenaEvalRecord[] = [];
    for await (const record of readRecords(byteChunks)) imported.push(record);
    expect(imported).toEqual(records);
  });
});
