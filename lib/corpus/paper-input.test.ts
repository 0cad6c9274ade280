import { describe, expect, it } from "vitest";
import { detectFormat, lineParser } from "./paper-input";

describe("detectFormat", () => {
  it("recognises each format by its own fields", () => {
    expect(detectFormat({ id: "https://openalex.org/W1", title: "x" })).toBe("openalex");
    expect(detectFormat({ _id: "1", text: "x" })).toBe("beir");
    expect(detectFormat({ corpusid: 1, title: "x" })).toBe("s2-papers");
    expect(detectFormat({ corpusid: 1, abstract: "x" })).toBe("s2-abstracts");
    expect(detectFormat({ id: "0704.0001", title: "x", authors_parsed: [] })).toBe("arxiv");
    expect(detectFormat({ id: "arxiv:1", title: "x", abstract: "y" })).toBe("shared");
    expect(detectFormat({ foo: 1 })).toBeNull();
  });
});

describe("lineParser", () => {
  const auto = lineParser();

  it("parses lines of different formats in one file", () => {
    const beir = auto(JSON.stringify({ _id: "7", title: "T", text: "Body." }));
    const shared = auto(JSON.stringify({ id: "pmid:1", title: "T", abstract: "A." }));
    const patch = auto(JSON.stringify({ corpusid: 5, abstract: "A." }));
    expect(beir.ok && "paper" in beir && beir.paper.externalId).toBe("beir:7");
    expect(shared.ok && "paper" in shared && shared.paper.externalId).toBe("pmid:1");
    expect(patch.ok && "patch" in patch && patch.patch.externalId).toBe("s2:5");
  });

  it("explains bad lines without throwing", () => {
    expect(auto("{oops")).toMatchObject({ ok: false, error: expect.stringMatching(/invalid JSON/) });
    expect(auto("[1,2]")).toMatchObject({ ok: false, error: "expected a JSON object" });
    expect(auto(JSON.stringify({ foo: 1 }))).toMatchObject({ ok: false, error: expect.stringMatching(/unknown record format/) });
    expect(lineParser("beir")(JSON.stringify({ id: "x", title: "t", abstract: "a" }))).toMatchObject({ ok: false, error: expect.stringMatching(/^_id/) });
  });
});
