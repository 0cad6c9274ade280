import type { EvalCitation, PaperBankEntry, SciArenaEvalRecord } from "./record";
import type { RecordSource } from "./record-source";

// One record per line, keys in the published order (RECORD_FIELDS, CITATION_FIELDS), whatever extra keys
// or key order the input objects carry: the same text as JSON.stringify(canonicalRecord(record)), built
// member by member so that a caller may cache the text of shared parts (see createJsonLineSerializer).

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

const citationJson = (citation: EvalCitation): string => objectJson(citationMembers(citation));
const paperBankEntryJson = (entry: PaperBankEntry): string => objectJson([["number", valueJson(entry.number)], ...citationMembers(entry)]);

function arrayJson<T>(items: readonly T[], itemJson: (item: T) => string): string {
  let text = "[";
  for (let index = 0; index < items.length; index++) text += index === 0 ? itemJson(items[index]) : `,${itemJson(items[index])}`;
  return `${text}]`;
}

interface PartSerializers {
  citation: (citation: EvalCitation) => string;
  paperBank: (entries: readonly PaperBankEntry[]) => string;
}

function recordJson(record: SciArenaEvalRecord, parts: PartSerializers): string {
  return objectJson([
    ["id", valueJson(record.id)],
    ["question", valueJson(record.question)],
    ["responseA", valueJson(record.responseA)],
    ["responseB", valueJson(record.responseB)],
    ["modelA", valueJson(record.modelA)],
    ["modelB", valueJson(record.modelB)],
    ["vote", valueJson(record.vote)],
    ["citations_a", arrayJson(record.citations_a, parts.citation)],
    ["citations_b", arrayJson(record.citations_b, parts.citation)],
    ["question_type", valueJson(record.question_type)],
    ["subject", valueJson(record.subject)],
    ["paper_bank", parts.paperBank(record.paper_bank)],
    ["created_at", valueJson(record.created_at)],
    ["annotator", valueJson(record.annotator)],
    ["reason", valueJson(record.reason)],
  ]);
}

const UNCACHED: PartSerializers = {
  citation: citationJson,
  paperBank: (entries) => arrayJson(entries, paperBankEntryJson),
};

/** One record as one JSON line (without the newline), keys in the published order. */
export function toJsonLine(record: SciArenaEvalRecord): string {
  return recordJson(record, UNCACHED);
}

/**
 * toJsonLine that remembers the text of citation objects and paper-bank arrays by identity: the record
 * mapper hands out one object per paper-bank entry and one array per paper bank, shared by every vote
 * on that retrieval run, so each is serialized once. Only for records that nobody mutates afterwards.
 */
export function createJsonLineSerializer(): (record: SciArenaEvalRecord) => string {
  const citations = new WeakMap<EvalCitation, string>();
  const paperBanks = new WeakMap<readonly PaperBankEntry[], string>();
  const parts: PartSerializers = {
    citation: (citation) => {
      let json = citations.get(citation);
      if (json === undefined) citations.set(citation, (json = citationJson(citation)));
      return json;
    },
    paperBank: (entries) => {
      let json = paperBanks.get(entries);
      if (json === undefined) paperBanks.set(entries, (json = UNCACHED.paperBank(entries)));
      return json;
    },
  };
  return (record) => recordJson(record, parts);
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
