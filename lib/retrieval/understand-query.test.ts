import { describe, expect, it } from "vitest";
import { extractKeywords, MAX_QUERY_CHARS, normalizeQuestion, understandQueryByRules } from "./understand-query";

const now = new Date("2026-11-27T12:00:00Z");
const understand = (q: string) => understandQueryByRules(q, now);

describe("understandQueryByRules", () => {
  it("turns 'since 2020' into a lower year bound and drops it from the query", () => {
    const q = understand("What are the advances in protein folding since 2020?");
    expect(q.filters).toEqual({ yearFrom: 2020 });
    expect(q.search).toBe("What are the advances in protein folding ?");
    expect(q.keywords).toEqual(["advances", "protein", "folding"]);
  });

  it("reads year ranges, 'before' and single years", () => {
    expect(understand("graph neural networks between 2021 and 2018").filters).toEqual({ yearFrom: 2018, yearTo: 2021 });
    expect(understand("transformers 2017-2019 results").filters).toEqual({ yearFrom: 2017, yearTo: 2019 });
    expect(understand("malaria vaccines before 2010").filters).toEqual({ yearTo: 2009 });
    expect(understand("CRISPR papers published in 2015").filters).toEqual({ yearFrom: 2015, yearTo: 2015 });
    expect(understand("diffusion models in the last 2 years").filters).toEqual({ yearFrom: 2024 });
  });

  it("treats 'recent' as the last three years", () => {
    expect(understand("recent work on sparse attention").filters).toEqual({ yearFrom: 2023 });
  });

  it("extracts venue mentions", () => {
    const q = understand("contrastive learning papers at NeurIPS since 2019");
    expect(q.filters).toEqual({ yearFrom: 2019, venues: ["NeurIPS"] });
    expect(q.keywords).toEqual(["contrastive", "learning"]);
  });

  it("leaves questions without filter phrases alone", () => {
    const q = understand("How does the 802.11 MAC limit throughput?");
    expect(q.filters).toEqual({});
    expect(q.search).toBe("How does the 802.11 MAC limit throughput?");
    expect(q.keywords).toEqual(["802.11", "mac", "limit", "throughput"]);
  });

  it("gives no keywords for stop words and punctuation only", () => {
    expect(understand("what is the of and ??? !!! ...").keywords).toEqual([]);
  });
});

describe("normalizeQuestion", () => {
  it("cuts long input on a word boundary and strips control characters", () => {
    const long = "word ".repeat(1000);
    const normalized = normalizeQuestion(long);
    expect(normalized.length).toBeLessThanOrEqual(MAX_QUERY_CHARS);
    expect(normalized.endsWith("word")).toBe(true);
    expect(normalizeQuestion("a\u0000b\n c")).toBe("a b c");
  });

  it("caps the number of keywords", () => {
    const many = Array.from({ length: 100 }, (_, i) => `term${i}`).join(" ");
    expect(extractKeywords(many)).toHaveLength(32);
  });
});
