import { describe, expect, it } from "vitest";
import type { UnderstoodQuery } from "../understand-query";
import { parsePaperSearch, parseSnippetSearch, s2PaperSearchUrl, s2SnippetSearchUrl } from "./semantic-scholar";

const query: UnderstoodQuery = { search: "long document transformers", keywords: ["long", "document", "transformers"], filters: { yearFrom: 2019, venues: ["ACL"] }, source: "rules" };

describe("Semantic Scholar URLs", () => {
  it("builds paper search and snippet search requests", () => {
    const paper = new URL(s2PaperSearchUrl("http://s2.test", query, 20));
    expect(paper.pathname).toBe("/graph/v1/paper/search");
    expect(paper.searchParams.get("query")).toBe("long document transformers");
    expect(paper.searchParams.get("year")).toBe("2019-");
    expect(paper.searchParams.get("venue")).toBe("ACL");
    expect(paper.searchParams.get("fields")).toMatch(/abstract/);
    const snippet = new URL(s2SnippetSearchUrl("http://s2.test/", query, 40));
    expect(snippet.pathname).toBe("/graph/v1/snippet/search");
    expect(snippet.searchParams.get("limit")).toBe("40");
  });
});

describe("Semantic Scholar responses", () => {
  it("maps paper search data", () => {
    const papers = parsePaperSearch({ total: 1, offset: 0, data: [{ paperId: "abc", corpusId: 7, title: "Longformer", abstract: "Long." }, { paperId: "x" }] });
    expect(papers.map((p) => p.externalId)).toEqual(["s2:7"]);
    expect(parsePaperSearch({ total: 0, offset: 0 })).toEqual([]);
    expect(() => parsePaperSearch([])).toThrow(/data list/);
  });

  it("maps snippets and the papers they come from", () => {
    const { snippets, papers } = parseSnippetSearch({
      data: [
        { snippet: { text: "Full  text passage.", snippetKind: "body" }, score: 0.8, paper: { corpusId: "9", title: "P", authors: ["A B"] } },
        { snippet: { text: "" }, score: 0.1, paper: { corpusId: "10", title: "Q" } },
      ],
      retrievalVersion: "v1",
    });
    expect(snippets).toEqual([{ externalId: "s2:9", text: "Full text passage.", score: 0.8 }]);
    expect(papers.map((p) => [p.externalId, p.authors])).toEqual([["s2:9", ["A B"]]]);
  });
});
