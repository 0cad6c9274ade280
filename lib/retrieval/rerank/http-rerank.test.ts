import { describe, expect, it } from "vitest";
import { parseRerankResponse, rerankRequestBody } from "./http-rerank";

describe("parseRerankResponse", () => {
  it("reads the TEI shape", () => {
    expect(parseRerankResponse([{ index: 1, score: 0.9 }, { index: 0, score: 0.1 }], 2)).toEqual([0.1, 0.9]);
  });

  it("reads the Jina/Cohere shape and leaves unscored texts last", () => {
    expect(parseRerankResponse({ results: [{ index: 2, relevance_score: 0.7, document: { text: "x" } }] }, 3)).toEqual([
      Number.NEGATIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      0.7,
    ]);
  });

  it("rejects other shapes", () => {
    expect(() => parseRerankResponse({ scores: [1] }, 1)).toThrow(/unknown shape/);
  });
});

describe("rerankRequestBody", () => {
  it("names the texts for every API", () => {
    expect(rerankRequestBody("q", ["a"], "m")).toMatchObject({ query: "q", texts: ["a"], documents: ["a"], model: "m" });
  });
});
