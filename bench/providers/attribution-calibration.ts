// Calibrates the lexical citation-attribution threshold (ATTRIBUTION_MIN_OVERLAP), run by hand.
// Positives: citations of the offline "careful" demo model, whose sentences come from the cited paper.
// Negatives: the same answers with every citation moved to another paper of the same (topical) list.
// Prints the share of positives labelled supporting (TPR) and of negatives labelled supporting (FPR).
//   npx tsx bench/providers/attribution-calibration.ts [--questions 150] [--seed 1]
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { lexicalAttribution } from "@/lib/ai/attribution";
import { composeDemoAnswer } from "@/lib/ai/demo/compose-answer";
import { normalizeAnswer } from "@/lib/ai/normalize-answer";
import { buildAnswerPrompt, parseAnswerPrompt } from "@/lib/ai/prompt";
import { seededRandom } from "@/lib/ai/seeded-random";
import { requireSharedDataDir } from "@/lib/corpus/shared-data";
import { contentTerms } from "@/lib/ai/terms";
import type { Reference } from "@/lib/retrieval/types";

const args = parseArgs({ options: { questions: { type: "string" }, seed: { type: "string" }, corpus: { type: "string" } } }).values;
const corpus = args.corpus ?? path.join(requireSharedDataDir(), "corpus", "papers", "pubmedqa_pqal_papers.jsonl");
const papers = readFileSync(corpus, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { id: string; title: string; abstract: string });
const random = seededRandom(Number(args.seed ?? 1));
const positives: number[] = [];
const negatives: number[] = [];
for (let q = 0; q < Number(args.questions ?? 150); q++) {
  const question = papers[Math.floor(random() * papers.length)].title;
  const wanted = contentTerms(question);
  // A crude retrieval: the ten papers sharing most words with the question.
  const ranked = papers
    .map((p) => {
      let score = 0;
      for (const t of contentTerms(`${p.title} ${p.abstract}`)) if (wanted.has(t)) score++;
      return { p, score };
    })
    .sort((a, b) => b.score - a.score)
    .slice(0, 10);
  const references: Reference[] = ranked.map(({ p }, i) => ({
    n: i + 1,
    paperId: i,
    externalId: p.id,
    title: p.title,
    authors: [],
    year: null,
    venue: null,
    url: null,
    passages: [{ passageId: null, score: 1, text: p.abstract }],
  }));
  const parsed = parseAnswerPrompt(buildAnswerPrompt(question, references));
  const text = normalizeAnswer(composeDemoAnswer("careful", question, parsed.references), references.length).text;
  for (const c of lexicalAttribution(text, references, 0.5)) positives.push(c.score);
  const moved = text.replace(/\[(\d+)\]/g, (_, n) => `[${(Number(n) % references.length) + 1}]`);
  for (const c of lexicalAttribution(moved, references, 0.5)) negatives.push(c.score);
}
console.log(`${positives.length} correct and ${negatives.length} moved citations\n`);
console.log("threshold   TPR     FPR");
for (const t of [0.3, 0.4, 0.5, 0.6, 0.7]) {
  const tpr = positives.filter((x) => x >= t).length / positives.length;
  const fpr = negatives.filter((x) => x >= t).length / negatives.length;
  console.log(`${t.toFixed(1).padEnd(12)}${tpr.toFixed(3)}   ${fpr.toFixed(3)}`);
}
console.log(`\nCommand: npx tsx bench/providers/attribution-calibration.ts ${process.argv.slice(2).join(" ")}`.trimEnd());
