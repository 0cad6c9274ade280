// Content words of a text: lower case, at least three characters, no stop words, a crude plural strip.
// Shared by the offline demo models (sentence ranking) and the lexical citation-attribution heuristic.

const STOP_WORDS = new Set(
  "a an and are as at be by can do does for from has have how in is it its of on or that the their them these this to was were what when where which while who why will with within without".split(
    " ",
  ),
);

export function contentTerms(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 2 && !STOP_WORDS.has(w))
      .map((w) => w.replace(/(ies|es|s)$/, "")),
  );
}
