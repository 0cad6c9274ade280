import { describe, expect, it } from "vitest";
import { arxivField, arxivSnapshotSchema, arxivVersionDate } from "./arxiv";

const record = {
  id: "0704.0001",
  submitter: "Pavel Nadolsky",
  authors: "C. Bal\\'azs, E. L. Berger, P. M. Nadolsky, C.-P. Yuan",
  title: "Calculation of prompt diphoton production cross sections at Tevatron and\n  LHC energies",
  comments: "37 pages, 15 figures",
  "journal-ref": "Phys.Rev.D76:013009,2007",
  doi: "10.1103/PhysRevD.76.013009",
  categories: "hep-ph cs.LG",
  abstract: "  A fully differential calculation in perturbative quantum chromodynamics is\npresented.  ",
  versions: [{ version: "v1", created: "Mon, 2 Apr 2007 19:18:42 GMT" }],
  update_date: "2008-11-13",
  authors_parsed: [["Balázs", "C.", ""], ["Berger", "E. L.", ""]],
};

describe("arXiv metadata snapshot", () => {
  it("maps a snapshot line to a paper", () => {
    const paper = arxivSnapshotSchema.parse(record);
    expect(paper).toMatchObject({
      externalId: "arxiv:0704.0001",
      title: "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies",
      authors: ["C. Balázs", "E. L. Berger"],
      year: 2007,
      publishedOn: "2007-04-02",
      venue: "Phys.Rev.D76:013009,2007",
      abstract: "A fully differential calculation in perturbative quantum chromodynamics is presented.",
      doi: "10.1103/PhysRevD.76.013009",
      url: "https://arxiv.org/abs/0704.0001",
      categories: ["hep-ph", "cs.LG"],
      fieldsOfStudy: ["Physics", "Computer Science"],
      externalIds: { arxiv: "0704.0001", doi: "10.1103/PhysRevD.76.013009" },
    });
  });

  it("falls back to the author string and update date, and to arXiv as venue", () => {
    const paper = arxivSnapshotSchema.parse({ ...record, authors_parsed: null, versions: null, "journal-ref": null });
    expect(paper.authors[0]).toBe("C. Bal\\'azs");
    expect(paper.year).toBe(2008);
    expect(paper.venue).toBe("arXiv");
  });

  it("rejects a line without an abstract", () => {
    expect(arxivSnapshotSchema.safeParse({ ...record, abstract: " " }).success).toBe(false);
  });

  it("names fields like the shared corpus and parses version dates", () => {
    expect(arxivField("q-bio.NC")).toBe("Quantitative Biology");
    expect(arxivField("stat.ML")).toBe("Statistics");
    expect(arxivField("cond-mat.soft")).toBe("Physics");
    expect(arxivVersionDate("Tue, 10 Jan 2017 01:02:03 GMT")).toBe("2017-01-10");
    expect(arxivVersionDate("garbage")).toBeNull();
  });
});
