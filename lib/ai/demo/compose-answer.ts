import { splitSentences } from "@/lib/corpus/split-passages";
import type { ParsedReference } from "@/lib/ai/prompt";
import { hashString, seededRandom } from "@/lib/ai/seeded-random";
import { contentTerms as terms } from "@/lib/ai/terms";

// Offline demo answers, extracted from the retrieved passages. Three personalities that differ visibly
// in quality so the arena has something to rank without any provider:
//  - careful: several attributed sentences from different papers, every claim correctly cited;
//  - terse: two sentences, few citations;
//  - loose: a handful of sentences where some citation numbers are wrong or out of range.

export type DemoStyle = "careful" | "terse" | "loose";

interface Candidate {
  n: number;
  sentence: string;
  score: number;
  reference: ParsedReference;
}

function rankSentences(question: string, references: ParsedReference[]): Candidate[] {
  const questionTerms = terms(question);
  const candidates: Candidate[] = [];
  for (const reference of references) {
    reference.passages.forEach((passage, passageIndex) => {
      splitSentences(passage).forEach((sentence, sentenceIndex) => {
        const words = sentence.split(/\s+/).length;
        if (words < 6 || words > 60) return;
        let overlap = 0;
        for (const t of terms(sentence)) if (questionTerms.has(t)) overlap++;
        // Prefer relevant sentences from highly ranked papers, early in their abstract.
        const score = overlap * 2 - reference.n * 0.05 - passageIndex * 0.2 - sentenceIndex * 0.1;
        candidates.push({ n: reference.n, sentence, score, reference });
      });
    });
  }
  return candidates.sort((x, y) => y.score - x.score || x.n - y.n);
}

function pickDistinctPapers(candidates: Candidate[], count: number): Candidate[] {
  const picked: Candidate[] = [];
  const used = new Set<number>();
  for (const c of candidates) {
    if (picked.length >= count) break;
    if (used.has(c.n)) continue;
    used.add(c.n);
    picked.push(c);
  }
  return picked;
}

function surname(authors: string): string | null {
  const first = authors.split(",")[0]?.replace(/ et al\.$/, "").trim();
  if (!first || first === "Unknown authors") return null;
  return first.split(" ").pop() ?? null;
}

// Structured abstracts label their parts ("METHODS: ..."); an answer should not.
function stripEnd(sentence: string): string {
  return sentence.replace(/^(?:[A-Z][A-Z /&-]{2,}:\s*)+/, "").replace(/[.!?]+$/, "");
}

function lowerFirst(text: string): string {
  // Keep acronyms and names that start with two capitals (e.g. "DNA", "MRI") as they are.
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function attribute(c: Candidate): string {
  const who = surname(c.reference.authors);
  const year = /^\d{4}$/.test(c.reference.year) ? ` (${c.reference.year})` : "";
  let body = stripEnd(c.sentence);
  if (/^(We|Here we|In this (paper|study|work),? we)\b/.test(body)) {
    body = body.replace(/^(Here we|In this (paper|study|work),? we|We)\b/, "the authors");
  } else {
    body = lowerFirst(body);
  }
  const lead = who ? `${who} et al.${year} report that` : "One study reports that";
  return `${lead} ${body} [${c.n}].`;
}

export function composeDemoAnswer(style: DemoStyle, question: string, references: ParsedReference[]): string {
  if (references.length === 0) {
    return "The retrieved references do not address this question, so I cannot answer it from the literature provided.";
  }
  const random = seededRandom(hashString(`${style}\n${question}`));
  const ranked = rankSentences(question, references);
  if (ranked.length === 0) {
    return `The retrieved references discuss related topics, for example "${references[0].title}" [1], but none of their passages answers the question directly.`;
  }

  if (style === "careful") {
    const picked = pickDistinctPapers(ranked, 5);
    const intro = `The retrieved literature addresses this question from ${picked.length === 1 ? "one study" : `${picked.length} studies`}.`;
    const first = picked.slice(0, 3).map(attribute).join(" ");
    const rest = picked.slice(3).map(attribute).join(" ");
    const cites = picked.map((c) => `[${c.n}]`).join("");
    const closing = `Taken together, these findings ${picked.length > 1 ? "converge" : "bear"} on the question, although each study examines it under its own conditions ${cites}.`;
    return [`${intro} ${first}`, rest, closing].filter(Boolean).join("\n\n");
  }

  if (style === "terse") {
    const picked = pickDistinctPapers(ranked, 2);
    return picked.map((c) => `${stripEnd(c.sentence)} [${c.n}].`).join(" ");
  }

  // loose: some numbers off by one, some outside the list entirely.
  const picked = ranked.slice(0, 4);
  const sentences = picked.map((c) => {
    const roll = random();
    let n = c.n;
    if (roll < 0.3) n = (c.n % references.length) + 1;
    else if (roll < 0.5) n = references.length + 1 + Math.floor(random() * 20);
    return `${stripEnd(c.sentence)} [${n}].`;
  });
  return `In short, ${lowerFirst(sentences.join(" "))}`;
}
