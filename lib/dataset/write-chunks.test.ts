import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createWriteStream } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { jsonLinesChunks } from "./jsonl";
import { createRecordMapper } from "./map-record";
import { TEST_SALT, generateStoredVotes } from "./test-fixtures";
import { writeChunks } from "./write-chunks";

const directory = await mkdtemp(path.join(tmpdir(), "dataset-write-"));
afterAll(() => rm(directory, { recursive: true, force: true }));

describe("writeChunks", () => {
  it("writes text and byte chunks to a file stream and closes it", async () => {
    const file = path.join(directory, "mixed.bin");
    async function* chunks() {
      yield "héllo ";
      yield new Uint8Array([0xf0, 0x9f, 0xa7, 0xaa]);
    }
    await writeChunks(chunks(), createWriteStream(file));
    expect(await readFile(file, "utf8")).toBe("héllo \u{1F9EA}");
  });

  it("writes a JSONL export identical to the joined chunks", async () => {
    const file = path.join(directory, "train.jsonl");
    const records = generateStoredVotes(30, 5).map(createRecordMapper({ annotatorSalt: TEST_SALT }));
    await writeChunks(jsonLinesChunks(records, { chunkChars: 100 }), createWriteStream(file));
    let expected = "";
    for await (const chunk of jsonLinesChunks(records)) expected += chunk;
    expect(await readFile(file, "utf8")).toBe(expected);
  });
});
