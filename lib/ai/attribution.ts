import { splitSentences } from "@/lib/corpus/split-passages";
import type { Reference } from "@/lib/retrieval/types";
import { contentTerms } from "./terms";

// Citation attribution: does the cited paper support the sentence that cites it? Labels are
// "supporting" or "irrelevant" (irrelevant or contradicting), as in SciArena's citation analysis. They
// feed the rating job's style features and the dataset; they are never shown before the vote.
//
// The offline heuristic is lexical overlap, transparent on purpose:
//   claim     = a sentence of the answer with its [n] markers removed
//   overlap   = |content words of the claim ∩ content words of paper n (title + passages given to the
//               model)| / |content words of the claim|      (content words: lib/ai/terms.ts)
//   a citation of paper n is "supporting" when its best overlap over the sentences citing it reaches the
//   threshold (ATTRIBUTION_MIN_OVERLAP, default 0.5), else "irrelevant".
// A sentence with fewer than three content words (e.g. "See [2].") borrows the previous sentence's words.
// Overlap cannot tell support from contradiction; an LLM judge (ATTRIBUTION_MODEL) can.

export type SupportLabel = "supporting" | "irrelevant";

export interface CitationSupport {
  n: number;
  support: SupportLabel;
  /** Best lexical overlap in [0, 1] (heuristic), or 1/0 from an LLM judge. */
  score: number;
  /** Sentences citing this reference. */
  claims: number;
}

export interface CitedClaim {
  /** Index of the sentence in the answer. */
  index: number;
  sentence: string;
  refs: number[];
}

/** Sentences of an answer that cite something, with the reference numbers they cite. */
export function citedClaims(text: string): CitedClaim[] {
  const claims: CitedClaim[] = [];
  let index = 0;
  for (const paragraph of text.split(/\n{2,}/)) {
    for (const sentence of splitSentences(paragraph)) {
      const refs = [...new Set([...sentence.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])))];
      if (refs.length) claims.push({ index, sentence, refs });
      index++;
    }
  }
  return claims;
}

export function lexicalAttribution(text: string, references: Reference[], minOverlap: number): CitationSupport[] {
  const byNumber = new Map(references.map((r) => [r.n, r]));
  const refTerms = new Map<number, Set<string>>();
  const termsOf = (n: number) => {
    let terms = refTerms.get(n);
    if (!terms) {
      const r = byNumber.get(n);
      terms = contentTerms(r ? [r.title, ...r.passages.map((p) => p.text)].join(" ") : "");
      refTerms.set(n, terms);
    }
    return terms;
  };
  const best = new Map<number, { score: number; claims: number }>();
  let previous = new Set<string>();
  const sentences = text.split(/\n{2,}/).flatMap((p) => splitSentences(p));
  for (const sentence of sentences) {
    let claim = contentTerms(sentence.replace(/\[\d+\]/g, " "));
    if (claim.size < 3) claim = new Set([...previous, ...claim]);
    else previous = claim;
    const refs = new Set([...sentence.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
    for (const n of refs) {
      const paper = termsOf(n);
      let shared = 0;
      for (const t of claim) if (paper.has(t)) shared++;
      const score = claim.size ? shared / claim.size : 0;
      const entry = best.get(n) ?? { score: 0, claims: 0 };
      best.set(n, { score: Math.max(entry.score, score), claims: entry.claims + 1 });
    }
  }
  return [...best.entries()].map(([n, { score, claims }]) => {
    // The label follows from the stored (rounded) score, so the dataset can re-derive it.
    const rounded = Math.round(score * 1000) / 1000;
    return { n, score: rounded, claims, support: rounded >= minOverlap ? "supporting" : "irrelevant" };
  });
}

export function countSupport(labels: { support: SupportLabel }[]): { supporting: number; irrelevant: number } {
  const supporting = labels.filter((l) => l.support === "supporting").length;
  return { supporting, irrelevant: labels.length - supporting };
}
