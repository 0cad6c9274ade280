import { describe, expect, it } from "vitest";
import { rewriteReplySchema, understoodFromReply } from "./llm-rewrite";

const now = new Date("2026-11-27T00:00:00Z");

describe("understoodFromReply", () => {
  it("builds search, keywords (keyword query first) and filters", () => {
    const reply = rewriteReplySchema.parse({
      search_query: "sparse attention for long documents",
      keyword_query: "longformer sparse-attention",
      filters: { year_from: 2019, venues: ["ACL", " "], fields: ["Computer Science"] },
    });
    expect(understoodFromReply(reply, "helper", now)).toEqual({
      search: "sparse attention for long documents",
      keywords: ["longformer", "sparse-attention", "sparse", "attention", "long", "documents"],
      filters: { yearFrom: 2019, venues: ["ACL"], fields: ["Computer Science"] },
      source: "llm:helper",
    });
  });

  it("ignores implausible years and rejects inverted ranges and empty queries", () => {
    const odd = rewriteReplySchema.parse({ search_query: "gene drives", filters: { year_from: 30000, year_to: 12 } });
    expect(understoodFromReply(odd, "h", now).filters).toEqual({});
    const inverted = rewriteReplySchema.parse({ search_query: "gene drives", filters: { year_from: 2022, year_to: 2010 } });
    expect(() => understoodFromReply(inverted, "h", now)).toThrow(/yearFrom/);
    expect(() => understoodFromReply(rewriteReplySchema.parse({ search_query: "the of and" }), "h", now)).toThrow(/no searchable/);
    expect(rewriteReplySchema.safeParse({ keyword_query: "x" }).success).toBe(false);
  });
});
