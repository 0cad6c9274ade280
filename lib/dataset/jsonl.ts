import type { EvalCitation, PaperBankEntry, SciArenaEvalRecord } from "./record";
import type { RecordSource } from "./record-source";

// One record per line, keys in the published order (RECORD_FIELDS, CITATION_FIELDS), whatever extra keys
// or key order the input objects carry: the same text as JSON.stringify(canonicalRecord(record)), built
// member by member. Records made by createRecordMapper take the faster mappedRecordsToJsonLines.

type Json = string | undefined;

// JSON.stringify gives undefined for undefined (and functions): such members are left out, as
// JSON.stringify leaves them out of an object.
const valueJson = (value: unknown): Json => JSON.stringify(value);

function objectJson(members: [string, Json][]): string {
  let text = "{";
  for (const [key, json] of members) {
    if (json === undefined) continue;
    text += text.length === 1 ? `"${key}":${json}` : `,"${key}":${json}`;
  }
  return `${text}}`;
}

function citationMembers(citation: EvalCitation): [string, Json][] {
  return [
    ["concise_authors", valueJson(citation.concise_authors)],
    ["title", valueJson(citation.title)],
    ["authors", valueJson(citation.authors)],
    ["year", valueJson(citation.year)],
    ["paper_id", valueJson(citation.paper_id)],
    ["content", valueJson(citation.content)],
  ];
}

const S = JSON.stringify;

function citationJson(citation: EvalCitation): string {
  const { concise_authors, title, authors, year, paper_id, content } = citation;
  // Fast path: every member present (always so for our own records).
  if (concise_authors !== undefined && title !== undefined && authors !== undefined && year !== undefined && paper_id !== undefined && content !== undefined) {
    return `{"concise_authors":${S(concise_authors)},"title":${S(title)},"authors":${S(authors)},"year":${S(year)},"paper_id":${S(paper_id)},"content":${S(content)}}`;
  }
  return objectJson(citationMembers(citation));
}

function paperBankEntryJson(entry: PaperBankEntry): string {
  if (entry.number === undefined) return objectJson(citationMembers(entry));
  const citation = citationJson(entry);
  return citation === "{}" ? `{"number":${S(entry.number)}}` : `{"number":${S(entry.number)},${citation.slice(1)}`;
}

function arrayJson<T>(items: readonly T[], itemJson: (item: T) => string): string {
  let text = "[";
  for (let index = 0; index < items.length; index++) text += index === 0 ? itemJson(items[index]) : `,${itemJson(items[index])}`;
  return `${text}]`;
}

/** One record as one JSON line (without the newline), keys in the published order. */
export function toJsonLine(record: SciArenaEvalRecord): string {
  return objectJson([
    ["id", valueJson(record.id)],
    ["question", valueJson(record.question)],
    ["responseA", valueJson(record.responseA)],
    ["responseB", valueJson(record.responseB)],
    ["modelA", valueJson(record.modelA)],
    ["modelB", valueJson(record.modelB)],
    ["vote", valueJson(record.vote)],
    ["citations_a", arrayJson(record.citations_a, citationJson)],
    ["citations_b", arrayJson(record.citations_b, citationJson)],
    ["question_type", valueJson(record.question_type)],
    ["subject", valueJson(record.subject)],
    ["paper_bank", arrayJson(record.paper_bank, paperBankEntryJson)],
    ["created_at", valueJson(record.created_at)],
    ["annotator", valueJson(record.annotator)],
    ["reason", valueJson(record.reason)],
  ]);
}

/**
 * JSON Lines in UTF-8 of records made by createRecordMapper, one line per record ending in "\n": the same
 * bytes as toJsonLine, by plain JSON.stringify, because the mapper builds every object with its keys in
 * the published order and no undefined members (a test holds it to that). About three times faster than
 * building the line member by member. Not for records from elsewhere: use toJsonLine.
 */
export function mappedRecordsToJsonLines(records: readonly SciArenaEvalRecord[]): Buffer {
  let text = "";
  for (const record of records) text += `${JSON.stringify(record)}\n`;
  return Buffer.from(text, "utf8");
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
