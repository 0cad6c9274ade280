import { describe, expect, it } from "vitest";
import { lexicalScores, lexicalTokens } from "./lexical";

describe("lexicalTokens", () => {
  it("lower-cases and folds plurals", () => {
    expect(lexicalTokens("Vaccines, studies & boxes; glass")).toEqual(["vaccine", "study", "box", "glass"]);
  });
});

describe("lexicalScores", () => {
  const candidates = [
    { title: "Cold chain", text: "Vaccine storage in refrigerators." },
    { title: "Unrelated", text: "Galaxies rotate." },
    { title: "Vaccines", text: "Vaccine vaccine potency at low temperature." },
  ];

  it("scores matching candidates above non-matching ones, rarer terms weighing more", () => {
    const [storage, none, potency] = lexicalScores(["vaccine", "refrigerator"], candidates);
    expect(none).toBe(0);
    expect(storage).toBeGreaterThan(potency);
    expect(potency).toBeGreaterThan(0);
  });

  it("gives zeros without keywords", () => {
    expect(lexicalScores([], candidates)).toEqual([0, 0, 0]);
  });
});
