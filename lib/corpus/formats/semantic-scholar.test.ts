import { describe, expect, it } from "vitest";
import { s2AbstractSchema, s2PaperSchema } from "./semantic-scholar";

const datasetPaper = {
  corpusid: 215416146,
  externalids: { ArXiv: "2004.05150", DOI: "10.1/xyz", CorpusId: "215416146", MAG: null },
  url: "https://www.semanticscholar.org/paper/abc",
  title: "Longformer: The Long-Document Transformer",
  authors: [{ authorId: "1", name: "Iz Beltagy" }, { authorId: "2", name: "Matthew E. Peters" }],
  venue: "arXiv.org",
  year: 2020,
  publicationdate: "2020-04-10",
  s2fieldsofstudy: [{ category: "Computer Science", source: "s2-fos-model" }, { category: "Computer Science", source: "external" }],
  journal: { name: "ArXiv" },
};

describe("Semantic Scholar datasets", () => {
  it("maps a papers-dataset line (no abstract yet)", () => {
    expect(s2PaperSchema.parse(datasetPaper)).toMatchObject({
      externalId: "s2:215416146",
      source: "semanticscholar",
      title: "Longformer: The Long-Document Transformer",
      authors: ["Iz Beltagy", "Matthew E. Peters"],
      year: 2020,
      venue: "arXiv.org",
      abstract: "",
      doi: "10.1/xyz",
      fieldsOfStudy: ["Computer Science"],
      externalIds: { arxiv: "2004.05150", doi: "10.1/xyz", corpusid: "215416146", s2: "215416146" },
    });
  });

  it("maps a Graph API paper (camelCase) with its abstract", () => {
    const paper = s2PaperSchema.parse({
      paperId: "649def34f8be52c8b66281af98ae884c09aef38b",
      externalIds: { CorpusId: 2314124 },
      title: "Construction of the Literature Graph",
      abstract: "We describe a deployed system.",
      year: null,
      publicationDate: "2018-05-06",
      venue: "",
      journal: { name: "NAACL" },
      fieldsOfStudy: ["Computer Science"],
    });
    expect(paper).toMatchObject({ externalId: "s2:2314124", year: 2018, venue: "NAACL", abstract: "We describe a deployed system." });
  });

  it("maps an abstracts-dataset line to a patch and rejects lines without an id", () => {
    expect(s2AbstractSchema.parse({ corpusid: 215416146, abstract: " Transformer-based  models ", openaccessinfo: {} })).toEqual({
      externalId: "s2:215416146",
      abstract: "Transformer-based models",
    });
    expect(s2PaperSchema.safeParse({ title: "No id" }).success).toBe(false);
  });
});
