import { describe, expect, it } from "vitest";
import { beirSchema } from "./beir";

describe("BEIR corpus.jsonl", () => {
  it("maps _id, title and text", () => {
    const paper = beirSchema().parse({ _id: "4983", title: "Microstructural development", text: "Alterations of the  architecture.", metadata: {} });
    expect(paper).toMatchObject({
      externalId: "beir:4983",
      source: "beir",
      title: "Microstructural development",
      abstract: "Alterations of the architecture.",
      externalIds: { beir: "4983" },
    });
  });

  it("uses the given id prefix, numeric ids, and the text's start when the title is empty", () => {
    const paper = beirSchema("scifact").parse({ _id: 12, title: "", text: "Short text about things." });
    expect(paper.externalId).toBe("scifact:12");
    expect(paper.title).toBe("Short text about things.…");
  });

  it("rejects a record without text", () => {
    const result = beirSchema().safeParse({ _id: "1", title: "t", text: "" });
    expect(result.success).toBe(false);
  });
});
