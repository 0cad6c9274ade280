import { describe, expect, it } from "vitest";
import { buildReferences, type PaperMeta } from "./build-references";

const meta = (paperId: number): PaperMeta => ({
  paperId,
  externalId: `x:${paperId}`,
  title: `Paper ${paperId}`,
  authors: [],
  year: 2020,
  venue: null,
  url: null,
});

describe("buildReferences", () => {
  const papers = new Map([1, 2, 3, 4].map((id) => [id, meta(id)]));

  it("numbers papers by their best passage and groups passages", () => {
    const refs = buildReferences(
      [
        { passageId: 10, paperId: 2, text: "a", score: 0.9 },
        { passageId: 11, paperId: 1, text: "b", score: 0.8 },
        { passageId: 12, paperId: 2, text: "c", score: 0.7 },
        { passageId: 13, paperId: 2, text: "d", score: 0.6 },
      ],
      papers,
      { topN: 30, passagesPerPaper: 2 },
    );
    expect(refs.map((r) => [r.n, r.paperId])).toEqual([
      [1, 2],
      [2, 1],
    ]);
    expect(refs[0].passages.map((p) => p.passageId)).toEqual([10, 12]);
  });

  it("stops at topN papers but still fills passages of listed papers", () => {
    const refs = buildReferences(
      [
        { passageId: 1, paperId: 1, text: "a", score: 3 },
        { passageId: 2, paperId: 2, text: "b", score: 2 },
        { passageId: 3, paperId: 1, text: "c", score: 1 },
      ],
      papers,
      { topN: 1 },
    );
    expect(refs).toHaveLength(1);
    expect(refs[0].passages).toHaveLength(2);
  });
});
