import { describe, expect, it } from "vitest";
import { conciseAuthors, surnameOf } from "./concise-authors";

describe("surnameOf", () => {
  it.each([
    ["Ashish Vaswani", "Vaswani"],
    ["Vaswani, Ashish", "Vaswani"],
    ["  Jacob   Devlin ", "Devlin"],
    ["Martin Luther King Jr.", "King"],
    ["John Smith, Jr.", "Smith"],
    ["Smith, Jr., John", "Smith"],
    ["Ludwig van Beethoven", "van Beethoven"],
    ["Johannes Diderik van der Waals", "van der Waals"],
    ["Aristotle", "Aristotle"],
    ["", ""],
  ])("%j -> %j", (name, surname) => {
    expect(surnameOf(name)).toBe(surname);
  });
});

describe("conciseAuthors", () => {
  it("names one author by surname", () => {
    expect(conciseAuthors(["Ashish Vaswani"])).toBe("Vaswani");
  });

  it("joins two authors with 'and'", () => {
    expect(conciseAuthors(["Jacob Devlin", "Chang, Ming-Wei"])).toBe("Devlin and Chang");
  });

  it("abbreviates three or more authors to 'et al.'", () => {
    expect(conciseAuthors(["Ashish Vaswani", "Noam Shazeer", "Niki Parmar"])).toBe("Vaswani et al.");
  });

  it("ignores blank names and says Anonymous when none are left", () => {
    expect(conciseAuthors(["", "Noam Shazeer", "  "])).toBe("Shazeer");
    expect(conciseAuthors([])).toBe("Anonymous");
  });
});
