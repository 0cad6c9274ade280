// The published record: SciArena-Eval's fields plus our paper_bank, created_at, annotator and reason.
// The field order below is the order of every serialized record (JSONL keys, Parquet columns).

/** The human vote as SciArena-Eval spells it. "bad" is both-bad. */
export type EvalVote = "A" | "B" | "tie" | "bad";

export const EVAL_VOTES: readonly EvalVote[] = ["A", "B", "tie", "bad"];

/** One cited paper, as SciArena-Eval's citations_a / citations_b entries. */
export interface EvalCitation {
  /** "Smith", "Smith and Jones" or "Smith et al." */
  concise_authors: string;
  title: string;
  authors: string[];
  year: number | null;
  /** Stable source id, e.g. "arxiv:1706.03762", "doi:10.1/x". */
  paper_id: string;
  /** The passage text given to the model for this reference. */
  content: string;
}

/** One entry of the numbered reference list both models received; `number` is the [n] they cite. */
export interface PaperBankEntry extends EvalCitation {
  number: number;
}

export interface SciArenaEvalRecord {
  id: string;
  question: string;
  responseA: string;
  responseB: string;
  modelA: string;
  modelB: string;
  vote: EvalVote;
  citations_a: EvalCitation[];
  citations_b: EvalCitation[];
  /** Question category; null when unknown. */
  question_type: string | null;
  /** Discipline; null when unknown. */
  subject: string | null;
  paper_bank: PaperBankEntry[];
  /** ISO 8601 time of the vote. Null only in foreign files that lack it. */
  created_at: string | null;
  /** Salted pseudonym of the annotator. Null only in foreign files that lack it. */
  annotator: string | null;
  reason: string | null;
}

export const RECORD_FIELDS = [
  "id",
  "question",
  "responseA",
  "responseB",
  "modelA",
  "modelB",
  "vote",
  "citations_a",
  "citations_b",
  "question_type",
  "subject",
  "paper_bank",
  "created_at",
  "annotator",
  "reason",
] as const satisfies readonly (keyof SciArenaEvalRecord)[];

export const CITATION_FIELDS = [
  "concise_authors",
  "title",
  "authors",
  "year",
  "paper_id",
  "content",
] as const satisfies readonly (keyof EvalCitation)[];

export const PAPER_BANK_FIELDS = ["number", ...CITATION_FIELDS] as const satisfies readonly (keyof PaperBankEntry)[];

// Compile-time guard: adding a field to a record type without listing it above fails the type check,
// because every writer and the reader iterate these lists.
type CoveredBy<Missing extends never> = Missing;
export type RecordFieldsAreComplete = CoveredBy<Exclude<keyof SciArenaEvalRecord, (typeof RECORD_FIELDS)[number]>>;
export type CitationFieldsAreComplete = CoveredBy<Exclude<keyof EvalCitation, (typeof CITATION_FIELDS)[number]>>;
export type PaperBankFieldsAreComplete = CoveredBy<Exclude<keyof PaperBankEntry, (typeof PAPER_BANK_FIELDS)[number]>>;
