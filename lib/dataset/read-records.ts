import { JsonRecordSplitter } from "./json-record-splitter";
import { replaceNonFiniteTokens } from "./non-finite-tokens";
import { normalizeRecord } from "./normalize-record";
import type { SciArenaEvalRecord } from "./record";

// Reads SciArena-style JSON (an array) or JSONL files, public or our own, from text or from a stream
// of chunks. Records that cannot be used are skipped and reported, never silently dropped.

export interface RecordReadIssue {
  /** 1-based position of the record in the file. */
  position: number;
  problem: string;
}

export interface ReadRecordsOptions {
  /** Called for every skipped record. */
  onIssue?: (issue: RecordReadIssue) => void;
}

function parseRecordText(text: string, position: number): { record: SciArenaEvalRecord } | { issue: RecordReadIssue } {
  let value: unknown;
  try {
    value = JSON.parse(replaceNonFiniteTokens(text));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { issue: { position, problem: `invalid JSON: ${message}` } };
  }
  const result = normalizeRecord(value, position);
  return result.ok ? { record: result.record } : { issue: { position, problem: result.problem } };
}

/** Records of a stream of text or bytes (UTF-8), e.g. fs.createReadStream(file) or a fetch body. */
export async function* readRecords(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  { onIssue }: ReadRecordsOptions = {},
): AsyncGenerator<SciArenaEvalRecord> {
  const splitter = new JsonRecordSplitter();
  const decoder = new TextDecoder("utf-8");
  let position = 0;

  function* parsed(texts: string[]): Generator<SciArenaEvalRecord> {
    for (const text of texts) {
      position++;
      const result = parseRecordText(text, position);
      if ("record" in result) yield result.record;
      else onIssue?.(result.issue);
    }
  }

  for await (const chunk of chunks) {
    const text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    yield* parsed(splitter.push(text));
  }
  yield* parsed(splitter.push(decoder.decode()));
  yield* parsed(splitter.end());
}

/** Records of a whole file's text. */
export function readRecordsFromText(text: string): { records: SciArenaEvalRecord[]; issues: RecordReadIssue[] } {
  const splitter = new JsonRecordSplitter();
  const records: SciArenaEvalRecord[] = [];
  const issues: RecordReadIssue[] = [];
  [...splitter.push(text), ...splitter.end()].forEach((recordText, index) => {
    const result = parseRecordText(recordText, index + 1);
    if ("record" in result) records.push(result.record);
    else issues.push(result.issue);
  });
  return { records, issues };
}
