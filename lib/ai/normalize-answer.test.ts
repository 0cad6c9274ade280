import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AnswerNormalizer, normalizeAnswer } from "./normalize-answer";

const norm = (raw: string, n = 10) => normalizeAnswer(raw, n).text;

function streamed(raw: string, cuts: number[], n = 10): string {
  const normalizer = new AnswerNormalizer(n);
  let out = "";
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    out += normalizer.push(raw.slice(from, cut));
    from = Math.max(from, cut);
  }
  out += normalizer.push(raw.slice(from));
  return out + normalizer.end();
}

describe("citation markers", () => {
  it.each([
    ["Claim [1].", "Claim [1]."],
    ["Claim [1, 2].", "Claim [1][2]."],
    ["Claim [1,2,3].", "Claim [1][2][3]."],
    ["Claim [1-3].", "Claim [1][2][3]."],
    ["Claim [2–4].", "Claim [2][3][4]."],
    ["Claim [1 and 2].", "Claim [1][2]."],
    ["Claim 【1】.", "Claim [1]."],
    ["Claim 【3†source】.", "Claim [3]."],
    ["Claim [3†L1-L5].", "Claim [3]."],
    ["Claim (1).", "Claim [1]."],
    ["Claim (1, 2).", "Claim [1][2]."],
    ["Claim (Ref. 4).", "Claim [4]."],
    ["Claim [Ref 1].", "Claim [1]."],
    ["Claim [Refs. 1, 2].", "Claim [1][2]."],
    ["Claim [Reference 5].", "Claim [5]."],
    ["Claim^1.", "Claim [1]."],
    ["Claim.^1,2", "Claim [1][2]."],
    ["Claim^[2].", "Claim [2]."],
    ["Claim[^1].", "Claim [1]."],
    ["Claim<sup>3</sup>.", "Claim [3]."],
    ["Claim [1][2].", "Claim [1][2]."],
    ["Claim [1] [2].", "Claim [1][2]."],
    ["Claim [1][1].", "Claim [1]."],
    ["Claim[1].", "Claim [1]."],
    ["Claim.[1]", "Claim [1]."],
    ["Claim.[1] Next one.", "Claim [1]. Next one."],
    ["Claim. [1][2] Next one.", "Claim [1][2]. Next one."],
    ["In 2020. [3] found that", "In 2020. [3] found that"],
    ["A [1], B [2], and C [3].", "A [1], B [2], and C [3]."],
    ["A, [1] and B; [2] then C.", "A [1], and B [2]; then C."],
    ["[1] showed this.", "[1] showed this."],
    ["(see [3])", "(see [3])"],
  ])("%s → %s", (raw, expected) => {
    expect(norm(raw)).toBe(expected);
  });

  it("drops and counts numbers outside the list, leaving clean punctuation", () => {
    const r = normalizeAnswer("Claim [2]. Wrong [7]. Mixed [1, 9]. Zero [0]. Range [2-4].", 3);
    expect(r.text).toBe("Claim [2]. Wrong. Mixed [1]. Zero. Range [2][3].");
    expect(r.cited).toEqual([2, 1, 3]);
    expect(r.dropped).toBe(4);
  });

  it("leaves numbers that are not citations alone", () => {
    expect(norm("In (2020) the value rose.")).toBe("In (2020) the value rose.");
    expect(norm("Use n = 10^6 samples and E = mc^2 here.")).toBe("Use n = 10^6 samples and E = mc^2 here.");
    expect(norm("Three steps: (1) collect, (2) clean, (3) fit.")).toBe("Three steps: (1) collect, (2) clean, (3) fit.");
    expect(norm("A ratio (p < 0.05) and (n = 30) and (95% CI) and (Fig. 2).")).toBe("A ratio (p < 0.05) and (n = 30) and (95% CI) and (Fig. 2).");
    expect(norm("The value is 3.5 mg, i.e. small.")).toBe("The value is 3.5 mg, i.e. small.");
    expect(norm("[Smith et al., 2020] disagree.")).toBe("[Smith et al., 2020] disagree.");
  });

  it("counts each dropped number once and lists cited numbers in order of appearance", () => {
    const r = normalizeAnswer("B [3] then A [1] then B again [3] and 【12】 and more^40.", 5);
    expect(r.cited).toEqual([3, 1]);
    expect(r.dropped).toBe(2);
  });
});

describe("markdown normalization", () => {
  it("turns headings into paragraphs and strips emphasis", () => {
    expect(norm("## Background\nGraphene is **strong** and *light* [1].\n\n### Findings\nIt __conducts__ well [2].")).toBe(
      "Background\n\nGraphene is strong and light [1].\n\nFindings\n\nIt conducts well [2].",
    );
  });

  it("turns bullet and numbered lists into sentences of one paragraph", () => {
    const raw = "Key factors include:\n- higher temperature [1]\n- longer storage time, [2]\n* light exposure\n\n1. first point\n2) second point.\n\nAfter the list.";
    expect(norm(raw)).toBe(
      "Key factors include: Higher temperature [1]. Longer storage time [2]. Light exposure. First point. Second point.\n\nAfter the list.",
    );
  });

  it("joins hard-wrapped lines and keeps blank lines as paragraph breaks", () => {
    expect(norm("First line\ncontinues here.\n\n\n\nSecond paragraph.  \n")).toBe("First line continues here.\n\nSecond paragraph.");
  });

  it("reduces links to their text and drops images", () => {
    expect(norm("See [the review](https://example.org/x_(y)) and ![figure](img.png) now.")).toBe("See the review and now.");
    expect(norm("Cited [1](https://example.org/paper).")).toBe("Cited [1].");
    expect(norm("Autolink <https://example.org> stays as text.")).toBe("Autolink https://example.org stays as text.");
  });

  it("removes quotes, rules, code fences, tables' separators and footnote definitions", () => {
    const raw = "> Quoted claim [1].\n\n---\n\n```\ncode line\n```\n| Model | Score |\n|---|---|\n| A | 1 |\n\n[^1]: A footnote.\nEnd.";
    expect(norm(raw)).toBe("Quoted claim [1].\n\nCode line Model; Score. A; 1.\n\nEnd.".replace("Code line", "code line"));
  });

  it("keeps snake_case, single tildes and escaped characters", () => {
    expect(norm("The p_value is ~5 and \\*not\\* bold, ~~struck~~ text.")).toBe("The p_value is ~5 and *not* bold, struck text.");
  });

  it("drops a trailing bibliography", () => {
    expect(norm("Answer [1].\n\nReferences:\n[1] Smith. A paper. 2020.\n[2] Other.")).toBe("Answer [1].");
    expect(norm("Answer [1].\n\n## Sources\n1. Smith")).toBe("Answer [1].");
    expect(norm("Answer [1].\n**References**\n- x")).toBe("Answer [1].");
    expect(norm("References are scarce here [1].")).toBe("References are scarce here [1].");
  });

  it("treats whole-line bold as a heading", () => {
    expect(norm("**Summary**\nThe effect is large [1].")).toBe("Summary\n\nThe effect is large [1].");
    expect(norm("**Bold** start of a sentence [1].")).toBe("Bold start of a sentence [1].");
  });

  it("removes HTML formatting tags but keeps comparisons", () => {
    expect(norm("A <b>bold</b> and <em>x</em> claim<br>next, where a < b and c<d.")).toBe("A bold and x claim next, where a < b and c<d.");
  });
});

describe("reasoning removal", () => {
  it("removes think blocks with their content", () => {
    expect(norm("<think>I am model X from Y.\n\nLet me think.</think>\n\nThe answer [1].")).toBe("The answer [1].");
    expect(norm("Start <THINKING>hidden</THINKING>end.")).toBe("Start end.");
    expect(norm("Answer [1].<reasoning>secret")).toBe("Answer [1].");
    expect(norm("Stray </think>closing tag.")).toBe("Stray closing tag.");
    expect(norm("a <thin ice> story")).toBe("a <thin ice> story");
  });
});

describe("streaming", () => {
  const samples = [
    "<think>hidden reasoning</think>## Heading\n**Bold** claim [1, 2]. Next 【3】.\n- item one^4\n- item two (5)\n\nReferences\n[1] x",
    "Plain answer with [Ref 1] and [2-4] and links [t](http://x.y/z) and `code` and ~~s~~ and <sup>2</sup>.",
    "Claim.[1] Next. (1) Enumeration: (1) a, (2) b. Year (2020). Power 10^6.",
  ];

  it("emits exactly the batch result for every split of the input", () => {
    for (const raw of samples) {
      const batch = norm(raw);
      for (let i = 0; i <= raw.length; i++) expect(streamed(raw, [i])).toBe(batch);
      expect(streamed(raw, Array.from({ length: raw.length }, (_, i) => i))).toBe(batch);
    }
  }, 60_000);

  it("property: any chunking gives the batch result, and what is emitted is never taken back", () => {
    const alphabet = fc.constantFrom(
      ..."ab Z1209.,;:!?()[]【】^*_~`#->|\\<>/\n\n".split(""),
      "<think>",
      "</think>",
      "[1]",
      "[2, 3]",
      "【4†s】",
      "- ",
      "## ",
      "\n\n",
      "References\n",
      "(12)",
      "<sup>",
      "</sup>",
      "](http://a.b)",
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), fc.array(fc.nat(400), { maxLength: 8 }), fc.integer({ min: 0, max: 12 }), (parts, cuts, n) => {
        const raw = parts.join("");
        const batch = normalizeAnswer(raw, n).text;
        expect(streamed(raw, cuts.map((c) => c % (raw.length + 1)), n)).toBe(batch);
      }),
      { numRuns: 1500, seed: 4 },
    );
  }, 60_000);

  it("property: the output has no markdown emphasis, reasoning, stray line breaks or outer whitespace", () => {
    const alphabet = fc.constantFrom(..."ab Z1.,()[]*_#-\n".split(""), "<think>x</think>", "**", "\n\n", "- ", "## ", "[1]", "[9]");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 80 }), (parts) => {
        const text = normalizeAnswer(parts.join(""), 5).text;
        expect(text).not.toMatch(/\*|<think>|(^|[^\n])\n([^\n]|$)|\n{3,}|^\s|\s$|\[9\]/);
        expect(text).not.toMatch(/(^|\n)(#{1,6} |- )/);
      }),
      { numRuns: 1500, seed: 9 },
    );
  }, 60_000);

  it("is idempotent on realistic answers", () => {
    const answers = [
      ...samples,
      "## Overview\nVaccines lose potency when frozen [1][2].\n\n- Cold chain breaks are common [3]\n- Training helps [4].\n\nIn summary, monitoring matters.[5]",
    ];
    for (const raw of answers) {
      const once = norm(raw);
      expect(norm(once)).toBe(once);
    }
  });
});
