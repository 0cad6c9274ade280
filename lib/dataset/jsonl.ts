import { canonicalRecord } from "./canonical-record";
import type { SciArenaEvalRecord } from "./record";
import type { RecordSource } from "./record-source";

/** One record as one JSON line (without the newline), keys in the published order. */
export function toJsonLine(record: SciArenaEvalRecord): string {
  return JSON.stringify(canonicalRecord(record));
}

export interface JsonLinesOptions {
  /** Lines are gathered into chunks of about this many characters, so a stream sees few large writes. */
  chunkChars?: number;
}

/** The JSONL file as text chunks: one record per line, every line ending in "\n". */
export async function* jsonLinesChunks(records: RecordSource, { chunkChars = 64 * 1024 }: JsonLinesOptions = {}): AsyncGenerator<string> {
  let pending: string[] = [];
  let pendingChars = 0;
  for await (const record of records) {
    const line = `${toJsonLine(record)}\n`;
    pending.push(line);
    pendingChars += line.length;
    if (pendingChars >= chunkChars) {
      yield pending.join("");
      pending = [];
      pendingChars = 0;
    }
  }
  if (pending.length > 0) yield pending.join("");
}
