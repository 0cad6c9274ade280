import { z } from "zod";
import { citedClaims, countSupport, type SupportLabel } from "@/lib/ai/attribution";
import { generateJson } from "@/lib/ai/llm-json";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import type { Reference } from "@/lib/retrieval/types";

// Citation attribution by an LLM judge (ATTRIBUTION_MODEL): each (claim, cited paper) pair is labelled
// supporting, irrelevant or contradicting; a citation is "supporting" when the judge says so for at least
// one sentence that cites it, else "irrelevant" (irrelevant or contradicting). Pairs beyond the cap keep
// the lexical label computed when the answer finished.

const MAX_PAIRS = 60;
const PASSAGE_CHARS = 1_200;

const SYSTEM = [
  "You check citations in answers about the scientific literature.",
  "For each numbered item you get a claim (one sentence of an answer) and the reference it cites (title and passages).",
  'Label the item "supporting" if the reference supports the claim, "contradicting" if it contradicts it,',
  'and "irrelevant" if it neither supports nor contradicts it. Reply with JSON only:',
  '{"labels": [{"id": 1, "label": "supporting"}, ...]} with one entry per item.',
].join(" ");

const replySchema = z.object({
  labels: z.array(z.object({ id: z.number().int(), label: z.enum(["supporting", "irrelevant", "contradicting"]) })),
});

interface StoredCitation {
  n: number;
  support?: SupportLabel;
  supportScore?: number;
  [key: string]: unknown;
}

export async function attributeWithModel(responseId: string, text: string, references: Reference[]): Promise<void> {
  const slug = getEnv().ATTRIBUTION_MODEL;
  if (!slug) return;
  const db = getDb();
  const model = await db.model.findUnique({ where: { slug } });
  if (!model) throw new Error(`ATTRIBUTION_MODEL "${slug}" is not a known model slug`);
  const byNumber = new Map(references.map((r) => [r.n, r]));
  const items = citedClaims(text)
    .flatMap((claim) => claim.refs.filter((n) => byNumber.has(n)).map((n) => ({ sentence: claim.sentence.replace(/\[\d+\]/g, "").trim(), n })))
    .slice(0, MAX_PAIRS)
    .map((item, i) => ({ id: i + 1, ...item }));
  if (items.length === 0) return;
  const prompt = items
    .map(({ id, sentence, n }) => {
      const r = byNumber.get(n)!;
      const passages = r.passages.map((p) => p.text).join(" ").slice(0, PASSAGE_CHARS);
      return `Item ${id}\nClaim: ${sentence}\nReference: ${r.title}. ${passages}`;
    })
    .join("\n\n");
  const reply = await generateJson({ record: model, system: SYSTEM, prompt, schema: replySchema, timeoutMs: 60_000 });
  const judged = new Map<number, boolean>();
  for (const { id, label } of reply.labels) {
    const item = items[id - 1];
    if (!item) continue;
    judged.set(item.n, (judged.get(item.n) ?? false) || label === "supporting");
  }
  if (judged.size === 0) throw new Error("the judge labelled no item");

  const response = await db.response.findUniqueOrThrow({ where: { id: responseId }, select: { citations: true } });
  const citations = (response.citations as StoredCitation[]).map((c) =>
    judged.has(c.n) ? { ...c, support: judged.get(c.n) ? "supporting" : "irrelevant", supportScore: judged.get(c.n) ? 1 : 0 } : c,
  ) as StoredCitation[];
  const counts = countSupport(citations.map((c) => ({ support: c.support ?? "irrelevant" })));
  await db.response.update({
    where: { id: responseId },
    data: {
      citations: citations as object[],
      supportingCitations: counts.supporting,
      irrelevantCitations: counts.irrelevant,
      attributionMethod: `llm:${slug}`,
    },
  });
}
