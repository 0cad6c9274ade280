import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { asyncBufferFromFile } from "hyparquet";
import { readParquetRecords, readRecords, type RecordReadIssue, type SciArenaEvalRecord } from "@/lib/dataset";

// Reads the records of a dataset file for the judge CLI: our export (JSONL or Parquet) or the public
// SciArena / SciArena-Eval files (a JSON array, JSONL, or a Parquet conversion), tolerating their quirks.

async function isParquet(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const magic = Buffer.alloc(4);
    await handle.read(magic, 0, 4, 0);
    return magic.toString("latin1") === "PAR1";
  } finally {
    await handle.close();
  }
}

export async function* readDatasetFile(file: string, options: { onIssue?: (issue: RecordReadIssue) => void } = {}): AsyncGenerator<SciArenaEvalRecord> {
  if (await isParquet(file)) yield* readParquetRecords(await asyncBufferFromFile(file), options);
  else yield* readRecords(createReadStream(file), options);
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
