import type { EvalCitation, PaperBankEntry, SciArenaEvalRecord } from "./record";

// Copies of records with exactly the published keys in the published order, whatever extra keys or key
// order the input objects carried. Every writer serializes through these, which is what makes output
// byte-for-byte reproducible.

export function canonicalCitation(citation: EvalCitation): EvalCitation {
  return {
    concise_authors: citation.concise_authors,
    title: citation.title,
    authors: [...citation.authors],
    year: citation.year,
    paper_id: citation.paper_id,
    content: citation.content,
  };
}

export function canonicalPaperBankEntry(entry: PaperBankEntry): PaperBankEntry {
  return { number: entry.number, ...canonicalCitation(entry) };
}

export function canonicalRecord(record: SciArenaEvalRecord): SciArenaEvalRecord {
  return {
    id: record.id,
    question: record.question,
    responseA: record.responseA,
    responseB: record.responseB,
    modelA: record.modelA,
    modelB: record.modelB,
    vote: record.vote,
    citations_a: record.citations_a.map(canonicalCitation),
    citations_b: record.citations_b.map(canonicalCitation),
    question_type: record.question_type,
    subject: record.subject,
    paper_bank: record.paper_bank.map(canonicalPaperBankEntry),
    created_at: record.created_at,
    annotator: record.annotator,
    reason: record.reason,
  };
}
