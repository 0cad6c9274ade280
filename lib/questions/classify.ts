import { z } from "zod";
import { generateJson } from "@/lib/ai/llm-json";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { classifyOffline, type Classification } from "./classify-offline";
import { DISCIPLINES, isSubfieldOf, QUESTION_CATEGORIES, SUBFIELDS, type Discipline } from "./disciplines";

// Question classification: discipline (with subfield) and category. The researcher's own discipline
// always wins. The offline keyword classifier labels every question at once, on the request path (it
// takes microseconds); when CLASSIFIER_MODEL names a model, that model refines the labels in the
// background after the battle has started, so classification never delays the answers.

export interface QuestionClassification extends Classification {
  /** How the labels were set, stored in Question.classifiedBy. */
  classifiedBy: string;
}

export function classifyQuestion(text: string, chosen: Discipline | null): QuestionClassification {
  return { ...classifyOffline(text, chosen), classifiedBy: chosen ? "researcher+keywords" : "keywords" };
}

const SYSTEM = [
  "You classify questions that researchers ask about the scientific literature.",
  "Reply with JSON only: {\"discipline\": ..., \"subfield\": ..., \"category\": ...}, using exactly one value from each list below.",
  "",
  "Disciplines and their subfields:",
  ...DISCIPLINES.map((d) => `- ${d}: ${SUBFIELDS[d].join("; ")}`),
  "",
  "Categories:",
  "- Conceptual Explanation: explain a concept, mechanism or phenomenon",
  "- State-of-the-Art Assessment: the current best methods, results or consensus",
  "- Challenges & Limitations: open problems, weaknesses, obstacles",
  "- Methodology Inquiry: how to do, measure, design or analyse something",
  "- Paper Finding: find or recommend specific papers",
  "- Others: anything else",
].join("\n");

const replySchema = z.object({
  discipline: z.enum(DISCIPLINES),
  subfield: z.string().nullish(),
  category: z.enum(QUESTION_CATEGORIES),
});

const pending = new Map<string, Promise<void>>();

/** Starts the LLM refinement of a stored question's labels when CLASSIFIER_MODEL is set. */
export function refineClassificationInBackground(questionId: string, text: string, chosen: Discipline | null): void {
  const slug = getEnv().CLASSIFIER_MODEL;
  if (!slug) return;
  const task = refine(questionId, text, chosen, slug)
    .catch((error) => log.warn("LLM classification failed; the keyword labels stay", { questionId, error: String((error as Error)?.message ?? error) }))
    .finally(() => pending.delete(questionId));
  pending.set(questionId, task);
}

/** Resolves when a question's background classification (if any) has ended. */
export function waitForClassification(questionId: string): Promise<void> {
  return pending.get(questionId) ?? Promise.resolve();
}

async function refine(questionId: string, text: string, chosen: Discipline | null, slug: string): Promise<void> {
  const db = getDb();
  const model = await db.model.findUnique({ where: { slug } });
  if (!model) throw new Error(`CLASSIFIER_MODEL "${slug}" is not a known model slug`);
  const reply = await generateJson({ record: model, system: SYSTEM, prompt: `Question: ${text}`, schema: replySchema, timeoutMs: 30_000 });
  const discipline = chosen ?? reply.discipline;
  const subfield = reply.subfield && isSubfieldOf(discipline, reply.subfield) ? reply.subfield : null;
  await db.question.update({
    where: { id: questionId },
    data: {
      discipline,
      ...(subfield ? { subfield } : chosen ? {} : { subfield: null }),
      category: reply.category,
      classifiedBy: `${chosen ? "researcher+" : ""}llm:${slug}`,
    },
  });
}
