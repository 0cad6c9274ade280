import { describe, expect, it } from "vitest";
import { idf, lexemeQuery, searchLexemes, splitByBudget } from "./bm25";

describe("idf", () => {
  it("is higher for rarer lexemes and never negative", () => {
    expect(idf(1, 1000)).toBeGreaterThan(idf(100, 1000));
    expect(idf(1000, 1000)).toBeGreaterThan(0);
    expect(idf(0, 1000)).toBe(idf(1, 1000));
  });
});

describe("searchLexemes", () => {
  it("drops very common lexemes and orders rarest first", () => {
    const chosen = searchLexemes(
      [
        { lexeme: "studi", df: 400 },
        { lexeme: "quokka", df: 2 },
        { lexeme: "smoke", df: 40 },
        { lexeme: "fire", df: 60 },
        { lexeme: "new", df: 0 },
      ],
      1000,
    );
    expect(chosen.map((l) => l.lexeme)).toEqual(["quokka", "smoke"]);
  });

  it("skips lexemes the corpus lacks unless there are no statistics at all", () => {
    expect(searchLexemes([{ lexeme: "zzq", df: 0 }, { lexeme: "vaccin", df: 10 }], 1000).map((l) => l.lexeme)).toEqual(["vaccin"]);
    expect(searchLexemes([{ lexeme: "zzq", df: 0 }, { lexeme: "vaccin", df: 0 }], 1).map((l) => l.lexeme)).toEqual(["vaccin", "zzq"]);
  });

  it("keeps the three rarest when every lexeme is common, and caps the count", () => {
    const common = ["a", "b", "c", "d"].map((lexeme, i) => ({ lexeme, df: 500 + i }));
    expect(searchLexemes(common, 1000).map((l) => l.lexeme)).toEqual(["a", "b", "c"]);
    const many = Array.from({ length: 30 }, (_, i) => ({ lexeme: `t${i}`, df: i + 1 }));
    expect(searchLexemes(many, 1000)).toHaveLength(8);
  });
});

describe("lexemeQuery", () => {
  it("quotes lexemes", () => {
    expect(lexemeQuery(["o'neil", "cat"], "|")).toBe("'o''neil' | 'cat'");
    expect(lexemeQuery(["a\\b"], "&")).toBe("'a\\\\b'");
  });
});

describe("splitByBudget", () => {
  const lex = (df: number, i: number) => ({ lexeme: `l${i}`, df });
  it("reads the rarest lexemes while their frequencies fit the budget and checks the rest", () => {
    const { read, checked } = splitByBudget([10, 200, 500, 5000].map(lex), 1000);
    expect(read.map((l) => l.lexeme)).toEqual(["l0", "l1", "l2"]);
    expect(checked.map((l) => l.lexeme)).toEqual(["l3"]);
  });

  it("always reads the rarest lexeme, even beyond the budget", () => {
    const { read, checked } = splitByBudget([5000, 9000].map(lex), 1000);
    expect(read.map((l) => l.lexeme)).toEqual(["l0"]);
    expect(checked.map((l) => l.lexeme)).toEqual(["l1"]);
  });

  it("reads everything when it fits", () => {
    expect(splitByBudget([0, 3].map(lex), 1000).checked).toEqual([]);
  });
});
