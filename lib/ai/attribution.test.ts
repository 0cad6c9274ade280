import { describe, expect, it } from "vitest";
import type { Reference } from "@/lib/retrieval/types";
import { citedClaims, countSupport, lexicalAttribution } from "./attribution";

const ref = (n: number, title: string, text: string): Reference => ({
  n,
  paperId: n,
  externalId: `x:${n}`,
  title,
  authors: [],
  year: null,
  venue: null,
  url: null,
  passages: [{ passageId: n, score: 1, text }],
});

const references = [
  ref(1, "Vaccine storage in general practice", "Refrigerators in general practice often exposed vaccines to freezing temperatures that reduce potency."),
  ref(2, "Graphene under strain", "Uniaxial strain opens a band gap in graphene and changes its electronic conductivity."),
];

describe("lexical citation attribution", () => {
  it("labels a citation supporting when the claim's words are in the cited paper, irrelevant otherwise", () => {
    const text = "Freezing temperatures in general practice refrigerators reduce vaccine potency [1]. Vaccine potency drops when refrigerators freeze [2].";
    const labels = lexicalAttribution(text, references, 0.5);
    expect(labels.find((l) => l.n === 1)).toMatchObject({ support: "supporting", claims: 1 });
    expect(labels.find((l) => l.n === 2)).toMatchObject({ support: "irrelevant", claims: 1 });
    expect(labels.find((l) => l.n === 1)!.score).toBeGreaterThan(0.8);
    expect(countSupport(labels)).toEqual({ supporting: 1, irrelevant: 1 });
  });

  it("lets a short citing sentence borrow the previous sentence's words, and keeps the best sentence per paper", () => {
    const text = "Strain opens a band gap in graphene and changes its conductivity. See [2].\n\nUnrelated words about cooking pasta [2].";
    const [label] = lexicalAttribution(text, references, 0.5);
    expect(label).toMatchObject({ n: 2, support: "supporting", claims: 2 });
  });

  it("the threshold decides", () => {
    const text = "Vaccine storage matters for many clinical and logistic reasons [1].";
    const score = lexicalAttribution(text, references, 0)[0].score;
    expect(lexicalAttribution(text, references, score)[0].support).toBe("supporting");
    expect(lexicalAttribution(text, references, score + 0.01)[0].support).toBe("irrelevant");
  });

  it("lists the citing sentences with their references", () => {
    expect(citedClaims("A claim [1][2]. No citation here. Another [2].")).toEqual([
      { index: 0, sentence: "A claim [1][2].", refs: [1, 2] },
      { index: 2, sentence: "Another [2].", refs: [2] },
    ]);
  });
});
