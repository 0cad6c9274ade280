import { conciseAuthors } from "./concise-authors";
import { nullIfBlank } from "./optional-text";
import { annotatorPseudonym, assertUsableSalt } from "./pseudonym";
import type { EvalCitation, EvalVote, PaperBankEntry, SciArenaEvalRecord } from "./record";
import type { StoredCitation, StoredPaper, StoredReference, StoredVote, StoredVoteChoice } from "./stored-vote";

const VOTE_BY_CHOICE: Record<StoredVoteChoice, EvalVote> = {
  A: "A",
  B: "B",
  TIE: "tie",
  BOTH_BAD: "bad",
};

export function toEvalVote(choice: StoredVoteChoice): EvalVote {
  return VOTE_BY_CHOICE[choice];
}

function isoTimestamp(date: Date, voteId: string): string {
  if (Number.isNaN(date.getTime())) throw new Error(`vote ${voteId} has an invalid createdAt`);
  return date.toISOString();
}

const CONCISE_AUTHORS_CACHE_SIZE = 100_000;

export interface RecordMapperOptions {
  /** Secret salt for annotator pseudonyms; keep it stable across exports to keep pseudonyms stable. */
  annotatorSalt: string;
}

export type RecordMapper = (vote: StoredVote) => SciArenaEvalRecord;

/**
 * Maps stored votes to published records. Pseudonyms are cached per user, so that cache grows with the
 * number of annotators, not the number of votes.
 */
export function createRecordMapper({ annotatorSalt }: RecordMapperOptions): RecordMapper {
  assertUsableSalt(annotatorSalt);
  const pseudonyms = new Map<string, string>();
  const pseudonymFor = (userId: string): string => {
    let pseudonym = pseudonyms.get(userId);
    if (pseudonym === undefined) {
      pseudonym = annotatorPseudonym(annotatorSalt, userId);
      pseudonyms.set(userId, pseudonym);
    }
    return pseudonym;
  };

  // A paper appears in many paper banks; its concise_authors is parsed once. Paper.externalId is unique,
  // so it identifies the author list. Cleared when full to keep memory bounded on huge corpora.
  const conciseAuthorsByPaper = new Map<string, string>();
  const conciseAuthorsOf = (paper: StoredPaper): string => {
    let concise = conciseAuthorsByPaper.get(paper.externalId);
    if (concise === undefined) {
      if (conciseAuthorsByPaper.size >= CONCISE_AUTHORS_CACHE_SIZE) conciseAuthorsByPaper.clear();
      concise = conciseAuthors(paper.authors);
      conciseAuthorsByPaper.set(paper.externalId, concise);
    }
    return concise;
  };
  const citationOf = (paper: StoredPaper, content: string): EvalCitation => ({
    concise_authors: conciseAuthorsOf(paper),
    title: paper.title,
    authors: [...paper.authors],
    year: paper.year,
    paper_id: paper.externalId,
    content,
  });
  // The vote source hands out the same paper-bank array for every vote on one retrieval run while that
  // run is cached: it is mapped once, and those records share the mapped array, which lets the Parquet
  // writer convert it once too (see ParquetRowGroupEncoder). One WeakMap entry per run, not per reference,
  // keeps this cheap when runs are seldom repeated. Records are never mutated.
  const banks = new WeakMap<readonly StoredReference[], PaperBankEntry[]>();
  const toEvalCitation = (citation: StoredCitation): EvalCitation => citationOf(citation.paper, citation.content);
  const toPaperBankEntry = (reference: StoredReference): PaperBankEntry => ({
    number: reference.number,
    ...citationOf(reference.paper, reference.content),
  });
  const toPaperBank = (references: readonly StoredReference[]): PaperBankEntry[] => {
    let mapped = banks.get(references);
    if (mapped === undefined) banks.set(references, (mapped = references.map(toPaperBankEntry)));
    return mapped;
  };

  return (vote) => ({
    id: vote.voteId,
    question: vote.question,
    responseA: vote.responseA,
    responseB: vote.responseB,
    modelA: vote.modelA,
    modelB: vote.modelB,
    vote: toEvalVote(vote.choice),
    citations_a: vote.citationsA.map(toEvalCitation),
    citations_b: vote.citationsB.map(toEvalCitation),
    question_type: nullIfBlank(vote.category),
    subject: nullIfBlank(vote.discipline),
    paper_bank: toPaperBank(vote.paperBank),
    created_at: isoTimestamp(vote.createdAt, vote.voteId),
    annotator: pseudonymFor(vote.annotatorUserId),
    reason: nullIfBlank(vote.reason),
  });
}
