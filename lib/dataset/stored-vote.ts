// What the database layer hands to the dataset library for one counted vote. Plain data: no Prisma
// types, so the library stays pure and the export can be tested without a database.

export type StoredVoteChoice = "A" | "B" | "TIE" | "BOTH_BAD";

export interface StoredPaper {
  /** Paper.externalId, e.g. "arxiv:1706.03762". */
  externalId: string;
  title: string;
  /** Display names in author order, e.g. ["Ashish Vaswani", "Noam Shazeer"] or ["Vaswani, Ashish"]. */
  authors: readonly string[];
  year: number | null;
}

/** A paper cited by one response, with the passage text the model was given for it. */
export interface StoredCitation {
  paper: StoredPaper;
  /** Passage text(s) of the cited reference; several passages of one reference joined by the caller. */
  content: string;
}

/** One entry of the numbered reference list (RetrievedItem.refNumber) given to both models. */
export interface StoredReference {
  number: number;
  paper: StoredPaper;
  content: string;
}

export interface StoredVote {
  /** Vote.id; becomes the record id. */
  voteId: string;
  choice: StoredVoteChoice;
  reason: string | null;
  createdAt: Date;
  /** Question.text */
  question: string;
  /** Question.discipline */
  discipline: string | null;
  /** Question.category */
  category: string | null;
  /** Response.text (the normalized text shown to the voter) of side A and side B. */
  responseA: string;
  responseB: string;
  /** Model.slug of side A and side B. */
  modelA: string;
  modelB: string;
  /** Cited references of each side in order of first citation, each reference once. */
  citationsA: readonly StoredCitation[];
  citationsB: readonly StoredCitation[];
  /** The numbered reference list, in number order. */
  paperBank: readonly StoredReference[];
  /** Vote.userId; only its salted pseudonym leaves the library. */
  annotatorUserId: string;
}

/** The small tuple the balanced sampler needs; a first pass over all counted votes selects only these. */
export interface VoteSamplingKey {
  voteId: string;
  discipline: string | null;
  choice: StoredVoteChoice;
}
