import type { Reference } from "./types";

export interface ScoredPassage {
  passageId: number | null;
  paperId: number;
  text: string;
  score: number;
}

export interface PaperMeta {
  paperId: number;
  externalId: string;
  title: string;
  authors: string[];
  year: number | null;
  venue: string | null;
  url: string | null;
}

/**
 * Groups ranked passages into a numbered list of papers: a paper's number is the position of its best
 * passage, each paper keeps at most `passagesPerPaper` passages, and the list stops at `topN` papers.
 */
export function buildReferences(
  ranked: ScoredPassage[],
  papers: Map<number, PaperMeta>,
  options: { topN: number; passagesPerPaper?: number },
): Reference[] {
  const perPaper = options.passagesPerPaper ?? 2;
  const references: Reference[] = [];
  const byPaper = new Map<number, Reference>();
  for (const passage of ranked) {
    const existing = byPaper.get(passage.paperId);
    if (existing) {
      if (existing.passages.length < perPaper) {
        existing.passages.push({ passageId: passage.passageId, text: passage.text, score: passage.score });
      }
      continue;
    }
    if (references.length >= options.topN) continue;
    const meta = papers.get(passage.paperId);
    if (!meta) continue;
    const reference: Reference = {
      n: references.length + 1,
      ...meta,
      passages: [{ passageId: passage.passageId, text: passage.text, score: passage.score }],
    };
    references.push(reference);
    byPaper.set(passage.paperId, reference);
  }
  return references;
}
