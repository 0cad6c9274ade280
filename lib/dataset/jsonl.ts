import type { EvalCitation, PaperBankEntry, SciArenaEvalRecord } from "./record";
import type { RecordSource } from "./record-source";

// One record per line, keys in the published order (RECORD_FIELDS, CITATION_FIELDS), whatever extra keys
// or key order the input objects carry: the same text as JSON.stringify(canonicalRecord(record)), built
// member by member so that a caller may cache the text of shared parts (see createJsonLinesEncoder).

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

/** A growing byte buffer that text is encoded straight into (no intermediate joined string). */
class Utf8Buffer {
  private buffer: Buffer;
  length = 0;

  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(1024, capacity));
  }

  private ensure(bytes: number): void {
    if (this.buffer.length - this.length >= bytes) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  text(text: string): void {
    // A UTF-16 code unit takes at most 3 UTF-8 bytes.
    this.ensure(text.length * 3);
    this.length += this.buffer.write(text, this.length);
  }

  bytes(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  result(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

/**
 * Encodes batches of records as JSON Lines in UTF-8, the same bytes as toJsonLine plus "\n" per record.
 * Remembers the encoded paper-bank arrays by identity: the record mapper hands out one array per paper
 * bank, shared by every vote on that retrieval run while it is cached, so each is serialized once. Only
 * for records that nobody mutates afterwards.
 */
export function createJsonLinesEncoder(): (records: readonly SciArenaEvalRecord[]) => Buffer {
  const paperBanks = new WeakMap<readonly PaperBankEntry[], Buffer>();
  const paperBankBytes = (entries: readonly PaperBankEntry[]): Buffer => {
    let bytes = paperBanks.get(entries);
    if (bytes === undefined) paperBanks.set(entries, (bytes = Buffer.from(UNCACHED.paperBank(entries), "utf8")));
    return bytes;
  };

  return (records) => {
    const out = new Utf8Buffer(records.length * 4096);
    for (const record of records) {
      // Members in order; text is gathered until the next cached part, which is copied as bytes.
      let text = "{";
      let first = true;
      const member = (key: string, json: Json) => {
        if (json === undefined) return;
        text += first ? `"${key}":${json}` : `,"${key}":${json}`;
        first = false;
      };
      const cachedMember = (key: string, write: () => void) => {
        out.text(first ? `${text}"${key}":` : `${text},"${key}":`);
        first = false;
        write();
        text = "";
      };
      member("id", valueJson(record.id));
      member("question", valueJson(record.question));
      member("responseA", valueJson(record.responseA));
      member("responseB", valueJson(record.responseB));
      member("modelA", valueJson(record.modelA));
      member("modelB", valueJson(record.modelB));
      member("vote", valueJson(record.vote));
      member("citations_a", arrayJson(record.citations_a, citationJson));
      member("citations_b", arrayJson(record.citations_b, citationJson));
      member("question_type", valueJson(record.question_type));
      member("subject", valueJson(record.subject));
      cachedMember("paper_bank", () => out.bytes(paperBankBytes(record.paper_bank)));
      member("created_at", valueJson(record.created_at));
      member("annotator", valueJson(record.annotator));
      member("reason", valueJson(record.reason));
      out.text(`${text}}\n`);
    }
    return out.result();
  };
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
