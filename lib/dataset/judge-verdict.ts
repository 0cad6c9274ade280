import type { JudgeVerdict } from "./judge-prompt";

// Reads "A" or "B" out of whatever a judge model wrote: "A", "[[B]]", "**A**", "Output (a)",
// "Response B is better", "Final answer: A", {"choice": "B"}, or a long rationale ending in a verdict.
// Rules go from most to least explicit; the first rule that finds exactly one answer decides. Anything
// undecidable (both letters, "tie", refusals, an article "A" in prose) gives null, which metrics count.

type Rule = (text: string) => JudgeVerdict | null;

const LABEL_WORDS = "response|output|answer|model|assistant|option|candidate";

// Words that may surround the letter in a short answer without changing its meaning.
const FILLER_WORDS = new Set([
  ...LABEL_WORDS.split("|"),
  "final",
  "verdict",
  "choice",
  "decision",
  "winner",
  "is",
  "the",
  "my",
  "best",
  "better",
  "i",
  "choose",
  "pick",
  "select",
  "prefer",
  "would",
]);

function single(letters: Iterable<string>): JudgeVerdict | null {
  const distinct = new Set([...letters].map((letter) => letter.toUpperCase()));
  if (distinct.size !== 1) return null;
  const [letter] = distinct;
  return letter === "A" || letter === "B" ? letter : null;
}

function last(letters: string[]): JudgeVerdict | null {
  return letters.length === 0 ? null : single([letters[letters.length - 1]]);
}

function matchesOf(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((match) => match[1]);
}

/** Short answers: only the letter remains once punctuation and filler words are removed. */
const shortAnswer: Rule = (text) => {
  const words = text
    .toLowerCase()
    .replace(/[^a-z]+/g, " ")
    .trim()
    .split(" ")
    .filter((word) => word !== "" && !FILLER_WORDS.has(word));
  return words.length === 1 ? single(words.filter((word) => word === "a" || word === "b")) : null;
};

/** MT-Bench style "[[A]]"; a rationale may quote the format first, so the last one counts. */
const doubleBrackets: Rule = (text) => last(matchesOf(text, /\[\[\s*([AaBb])\s*\]\]/g));

/** "Final answer: B", "Verdict - (a)", "My choice is **Response A**"; the last one counts. */
const verdictPhrase: Rule = (text) => {
  const pattern = new RegExp(
    `(?:answer|verdict|choice|decision|winner|preference)\\s*(?:is|:|=|-)?\\s*[*"'\`]*\\s*((?:${LABEL_WORDS})\\s*)?` +
      `(?:\\(\\s*([AaBb])\\s*\\)|([AaBb])\\b)`,
    "gi",
  );
  const letters: string[] = [];
  for (const [, label, parenthesized, bare] of text.matchAll(pattern)) {
    // A bare lower-case "a" after "the answer is" is an article, not a verdict.
    if (parenthesized) letters.push(parenthesized);
    else if (label || bare === "A" || bare === "B") letters.push(bare);
  }
  return last(letters);
};

/** "Response B is better", "Output (a) is clearly superior", "I prefer Response A". */
const labelledPreference: Rule = (text) => {
  const label = `(?:${LABEL_WORDS})\\s*\\(?\\s*([AaBb])\\b\\s*\\)?`;
  const better = new RegExp(
    `${label}\\s*(?:is|was|seems|appears)?\\s*(?:clearly|slightly|much|somewhat|overall)?\\s*(?:the\\s+)?` +
      "(?:better|best|superior|preferable|preferred|stronger)",
    "gi",
  );
  const prefer = new RegExp(`(?:prefer|choose|chose|select|pick|favou?r)\\s+(?:the\\s+)?${label}`, "gi");
  return single([...matchesOf(text, better), ...matchesOf(text, prefer)]);
};

/** "**B**" on its own. */
const boldLetter: Rule = (text) => single(matchesOf(text, /\*\*\s*\(?([AB])\)?\s*\*\*/g));

/**
 * A capital A or B standing alone ("Overall: B."). Never one followed by a word ("A good answer"), and
 * nothing when the other capital letter also stands anywhere in the text ("A or B").
 */
const loneCapital: Rule = (text) => {
  const everyCapital = matchesOf(text, /(?<![A-Za-z])([AB])(?![A-Za-z])/g);
  if (single(everyCapital) === null) return null;
  return single(matchesOf(text, /(?<![A-Za-z])([AB])(?=\s*(?:[.!:;,)\]"'*]|$))/gm));
};

const RULES: readonly Rule[] = [shortAnswer, doubleBrackets, verdictPhrase, labelledPreference, boldLetter, loneCapital];

export function parseJudgeVerdict(output: string | null | undefined): JudgeVerdict | null {
  if (!output) return null;
  // Reasoning models may think aloud before answering; only the answer counts.
  const text = output.replace(/<think>[\s\S]*?<\/think>/gi, " ").trim();
  if (text === "") return null;
  for (const rule of RULES) {
    const verdict = rule(text);
    if (verdict !== null) return verdict;
  }
  return null;
}
