import { conciseAuthors } from "./concise-authors";
import type { EvalCitation, PaperBankEntry, SciArenaEvalRecord } from "./record";
import { parseVoteLabel } from "./vote-label";

// Turns one parsed record of a public SciArena / SciArena-Eval file (or of our own export) into a
// SciArenaEvalRecord. Lenient where the public files vary (key spellings, vote spellings, NaN years,
// authors as objects), strict only where a judge cannot work without the value. On our own records
// every step is the identity, which is what makes export -> import round-trip exactly.

type JsonObject = Record<string, unknown>;

export type NormalizeResult = { ok: true; record: SciArenaEvalRecord } | { ok: false; problem: string };

const ALIASES = {
  id: ["id", "_id", "vote_id", "question_id"],
  question: ["question", "query", "prompt"],
  responseA: ["responseA", "response_a", "responsea", "answer_a"],
  responseB: ["responseB", "response_b", "responseb", "answer_b"],
  modelA: ["modelA", "model_a", "modela"],
  modelB: ["modelB", "model_b", "modelb"],
  vote: ["vote", "winner", "label", "preference"],
  citationsA: ["citations_a", "citation_a", "citationsA", "citationA"],
  citationsB: ["citations_b", "citation_b", "citationsB", "citationB"],
  questionType: ["question_type", "question type", "questionType", "category"],
  subject: ["subject", "discipline", "field"],
  paperBank: ["paper_bank", "paperBank", "paper bank", "references"],
  createdAt: ["created_at", "createdAt", "timestamp", "tstamp"],
  annotator: ["annotator", "annotator_id"],
  reason: ["reason", "comment", "explanation"],
  paperId: ["paper_id", "paperId", "corpus_id", "corpusId", "externalId", "id"],
  content: ["content", "text", "snippet", "passage"],
  number: ["number", "ref", "n", "index"],
} as const satisfies Record<string, readonly string[]>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function pick(object: JsonObject, keys: readonly string[]): unknown {
  for (const key of keys) {
    if (Object.hasOwn(object, key) && object[key] !== undefined) return object[key];
  }
  return undefined;
}

function textOrNull(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "bigint") return value.toString();
  return null;
}

function textOrEmpty(value: unknown): string {
  if (Array.isArray(value)) return value.filter((part) => typeof part === "string").join("\n\n");
  return textOrNull(value) ?? "";
}

/** An integer given as a number, a bigint (Parquet INT64) or numeric text; anything else is null. */
function integerOf(value: unknown): number | null {
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string") return /^\s*-?\d+\s*$/.test(value) ? Number(value) : null;
  return typeof value === "number" && Number.isInteger(value) ? value : null;
}

function authorName(author: unknown): string | null {
  if (typeof author === "string") return author;
  if (isObject(author)) return textOrNull(author.name) ?? textOrNull(author.display_name);
  return null;
}

function authorsOf(value: unknown): string[] {
  if (typeof value === "string") return value.trim() === "" ? [] : [value];
  if (!Array.isArray(value)) return [];
  return value.map(authorName).filter((name): name is string => name !== null);
}

/** A list field that may be missing, null (a NaN in the file), a list, or a list serialized as text. */
function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === "string" && value.trim().startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(value);
      return Array.isArray(parsed) ? parsed : [];
    } catch {
      return [];
    }
  }
  return [];
}

function citationOf(value: unknown): EvalCitation | null {
  if (!isObject(value)) return null;
  const authors = authorsOf(value.authors);
  return {
    concise_authors: textOrNull(value.concise_authors) ?? conciseAuthors(authors),
    title: textOrEmpty(value.title),
    authors,
    year: integerOf(value.year),
    paper_id: textOrEmpty(pick(value, ALIASES.paperId)),
    content: textOrEmpty(pick(value, ALIASES.content)),
  };
}

function citationsOf(value: unknown): EvalCitation[] {
  return listOf(value)
    .map(citationOf)
    .filter((citation): citation is EvalCitation => citation !== null);
}

function paperBankOf(value: unknown): PaperBankEntry[] {
  const entries: PaperBankEntry[] = [];
  for (const [index, item] of listOf(value).entries()) {
    const citation = citationOf(item);
    if (citation === null || !isObject(item)) continue;
    const number = integerOf(pick(item, ALIASES.number)) ?? index + 1;
    entries.push({ number, ...citation });
  }
  return entries;
}

function timestampOf(value: unknown): string | null {
  if (typeof value === "number" && Number.isFinite(value)) {
    // Epoch seconds (Chatbot Arena's tstamp) or milliseconds.
    const milliseconds = value < 1e11 ? value * 1000 : value;
    return new Date(milliseconds).toISOString();
  }
  return textOrNull(value);
}

/** `position` is the 1-based place of the record in its file, used when the record carries no id. */
export function normalizeRecord(value: unknown, position: number): NormalizeResult {
  if (!isObject(value)) return { ok: false, problem: "not a JSON object" };

  const rawVote = pick(value, ALIASES.vote);
  const vote = parseVoteLabel(rawVote);
  if (vote === null) return { ok: false, problem: `unrecognized vote ${JSON.stringify(rawVote ?? null)}` };

  const question = textOrNull(pick(value, ALIASES.question));
  const responseA = textOrNull(pick(value, ALIASES.responseA));
  const responseB = textOrNull(pick(value, ALIASES.responseB));
  if (question === null) return { ok: false, problem: "missing question" };
  if (responseA === null || responseB === null) return { ok: false, problem: "missing responseA or responseB" };

  return {
    ok: true,
    record: {
      id: textOrNull(pick(value, ALIASES.id)) ?? `record-${position}`,
      question,
      responseA,
      responseB,
      modelA: textOrEmpty(pick(value, ALIASES.modelA)),
      modelB: textOrEmpty(pick(value, ALIASES.modelB)),
      vote,
      citations_a: citationsOf(pick(value, ALIASES.citationsA)),
      citations_b: citationsOf(pick(value, ALIASES.citationsB)),
      question_type: textOrNull(pick(value, ALIASES.questionType)),
      subject: textOrNull(pick(value, ALIASES.subject)),
      paper_bank: paperBankOf(pick(value, ALIASES.paperBank)),
      created_at: timestampOf(pick(value, ALIASES.createdAt)),
      annotator: textOrNull(pick(value, ALIASES.annotator)),
      reason: textOrNull(pick(value, ALIASES.reason)),
    },
  };
}
