// SciArena's judge protocol: the judge sees the question and the two responses and answers A or B.
// Each record is judged twice, the second time with the responses swapped, to measure position bias.

export type JudgeVerdict = "A" | "B";

/** "original": record's responseA shown first as A; "swapped": responseB shown first as A. */
export type JudgeOrder = "original" | "swapped";

export const JUDGE_ORDERS: readonly JudgeOrder[] = ["original", "swapped"];

export interface JudgeItem {
  question: string;
  responseA: string;
  responseB: string;
}

export function buildJudgePrompt(item: JudgeItem, order: JudgeOrder): string {
  const [first, second] = order === "original" ? [item.responseA, item.responseB] : [item.responseB, item.responseA];
  return [
    "You are an expert in synthesizing the scientific literature. A researcher asked the question below and two",
    "AI assistants answered it, citing papers. Compare the two responses for relevance to the question, accuracy,",
    "clarity, and whether the citations support what they are cited for. Decide which response answers the",
    "question better.",
    "",
    "Question:",
    item.question,
    "",
    "Response A:",
    first,
    "",
    "Response B:",
    second,
    "",
    'Which response is better? Answer with a single letter: "A" or "B".',
  ].join("\n");
}

/** The judge's verdict in terms of the record's own A and B. */
export function verdictForRecord(verdict: JudgeVerdict | null, order: JudgeOrder): JudgeVerdict | null {
  if (verdict === null || order === "original") return verdict;
  return verdict === "A" ? "B" : "A";
}
