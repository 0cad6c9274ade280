import { describe, expect, it } from "vitest";
import type { UnderstoodQuery } from "../understand-query";
import { matchesNameFilters, openAlexSearchUrl, parseOpenAlexResponse } from "./openalex";

const query = (filters: UnderstoodQuery["filters"]): UnderstoodQuery => ({ search: "cold chain vaccines", keywords: ["cold", "chain", "vaccines"], filters, source: "rules" });

describe("openAlexSearchUrl", () => {
  it("puts keywords, year filters, page size and the polite-pool email in the URL", () => {
    const url = new URL(openAlexSearchUrl("http://oa.test/", query({ yearFrom: 2018, yearTo: 2021 }), 40, "me@example.org"));
    expect(url.pathname).toBe("/works");
    expect(url.searchParams.get("search")).toBe("cold chain vaccines");
    expect(url.searchParams.get("filter")).toBe("publication_year:2018-2021");
    expect(url.searchParams.get("per-page")).toBe("40");
    expect(url.searchParams.get("mailto")).toBe("me@example.org");
    expect(new URL(openAlexSearchUrl("http://oa.test", query({ yearFrom: 2020 }), 10)).searchParams.get("filter")).toBe("publication_year:>2019");
    expect(new URL(openAlexSearchUrl("http://oa.test", query({ yearTo: 2010 }), 10)).searchParams.get("filter")).toBe("publication_year:<2011");
  });
});

describe("parseOpenAlexResponse", () => {
  it("maps works and skips unusable ones", () => {
    const papers = parseOpenAlexResponse({
      meta: { count: 2 },
      results: [{ id: "https://openalex.org/W1", title: "A work", abstract_inverted_index: { Hi: [0] } }, { id: "https://openalex.org/W2" }],
    });
    expect(papers.map((p) => [p.externalId, p.abstract])).toEqual([["openalex:W1", "Hi"]]);
  });

  it("fails clearly without a results list", () => {
    expect(() => parseOpenAlexResponse({ error: "bad" })).toThrow(/results list/);
  });
});

describe("matchesNameFilters", () => {
  const paper = { venue: "Proceedings of NeurIPS", authors: ["Ada Lovelace"], fieldsOfStudy: ["Computer Science"], categories: [] } as never;
  it("matches venues and authors by substring and fields exactly, ignoring case", () => {
    expect(matchesNameFilters(paper, { venues: ["neurips"], authors: ["lovelace"], fields: ["computer science"] })).toBe(true);
    expect(matchesNameFilters(paper, { venues: ["ICML"] })).toBe(false);
    expect(matchesNameFilters(paper, { fields: ["Computer"] })).toBe(false);
  });
});
