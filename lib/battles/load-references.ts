import type { Db } from "@/lib/db";
import type { Reference } from "@/lib/retrieval/types";
import type { PublicReference } from "./types";

/** Rebuilds the numbered reference list of a retrieval run from its stored items. */
export async function loadReferences(db: Db, retrievalRunId: string): Promise<Reference[]> {
  const items = await db.retrievedItem.findMany({
    where: { runId: retrievalRunId },
    orderBy: { rank: "asc" },
    include: {
      paper: { select: { id: true, externalId: true, title: true, authors: true, year: true, venue: true, url: true } },
    },
  });
  const byNumber = new Map<number, Reference>();
  for (const item of items) {
    let reference = byNumber.get(item.refNumber);
    if (!reference) {
      reference = {
        n: item.refNumber,
        paperId: item.paper.id,
        externalId: item.paper.externalId,
        title: item.paper.title,
        authors: item.paper.authors,
        year: item.paper.year,
        venue: item.paper.venue,
        url: item.paper.url,
        passages: [],
      };
      byNumber.set(item.refNumber, reference);
    }
    reference.passages.push({ passageId: item.passageId, text: item.text, score: item.score });
  }
  return [...byNumber.values()].sort((a, b) => a.n - b.n);
}

export function toPublicReferences(references: Reference[]): PublicReference[] {
  return references.map((r) => ({
    n: r.n,
    title: r.title,
    authors: r.authors,
    year: r.year,
    venue: r.venue,
    url: r.url,
    externalId: r.externalId,
    passages: r.passages.map((p) => p.text),
  }));
}
