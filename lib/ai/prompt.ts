import type { Reference } from "@/lib/retrieval/types";

// The answer protocol shared by every model: a numbered reference list (title, authors, year, venue and
// the retrieved passages), the question, and the rule to cite [n] from that list only, in plain prose.
// What a model writes anyway (markdown, other citation styles, reasoning) is normalized afterwards:
// lib/ai/normalize-answer.ts and docs/answer-protocol.md.

export const ANSWER_SYSTEM_PROMPT = [
  "You are a careful research assistant answering questions about the scientific literature.",
  "Answer only from the numbered references you are given. Cite every claim with the number of its",
  "reference in square brackets, like [3] or [2][5]. Never cite a number that is not in the list.",
  "If the references do not answer the question, say so plainly. Write plain prose in a few short",
  "paragraphs, without headings, tables, bullet lists, bold text or a list of references at the end.",
  "Do not say which model or company you are.",
].join(" ");

function authorLine(authors: string[]): string {
  if (authors.length === 0) return "Unknown authors";
  if (authors.length <= 3) return authors.join(", ");
  return `${authors.slice(0, 3).join(", ")} et al.`;
}

export function formatReferenceList(references: Reference[]): string {
  return references
    .map((r) => {
      const header = `[${r.n}] ${r.title} — ${authorLine(r.authors)} (${r.year ?? "n.d."})${r.venue ? `, ${r.venue}` : ""}`;
      const passages = r.passages.map((p) => `Passage: ${p.text}`).join("\n");
      return `${header}\n${passages}`;
    })
    .join("\n\n");
}

export function buildAnswerPrompt(question: string, references: Reference[]): string {
  return [`References:`, formatReferenceList(references), ``, `Question: ${question}`].join("\n");
}

export interface ParsedReference {
  n: number;
  title: string;
  authors: string;
  year: string;
  passages: string[];
}

/** Reads a prompt built by buildAnswerPrompt back into its parts (used by the offline demo models). */
export function parseAnswerPrompt(prompt: string): { question: string; references: ParsedReference[] } {
  const questionMatch = prompt.match(/\nQuestion: ([\s\S]*)$/);
  const question = questionMatch ? questionMatch[1].trim() : "";
  const body = questionMatch ? prompt.slice(0, questionMatch.index) : prompt;
  const references: ParsedReference[] = [];
  for (const block of body.split(/\n(?=\[\d+\] )/)) {
    const header = block.match(/^\[(\d+)\] (.*) — (.*) \(([^)]*)\)/);
    if (!header) continue;
    const passages = [...block.matchAll(/^Passage: (.*)$/gm)].map((m) => m[1]);
    references.push({ n: Number(header[1]), title: header[2], authors: header[3], year: header[4], passages });
  }
  return { question, references };
}
