import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3StreamPart, LanguageModelV3Usage } from "@ai-sdk/provider";
import { DEMO_PROVIDER } from "./demo-model";

// The built-in offline judge for `npm run eval:judge --judge demo-judge`: an AI SDK LanguageModelV3, so
// it goes through exactly the code path configured judges use. It reads the two responses out of the
// SciArena judge prompt (lib/dataset/judge-prompt.ts) and prefers the one citing more distinct
// references, then the longer one; on a full tie it picks the response shown first, a deliberate
// position bias the position-consistency metric can see. Deterministic, and better than a coin
// wherever researchers prefer well-cited answers.

export const DEMO_JUDGE_SLUG = "demo-judge";
export const DEMO_JUDGE_MODEL_ID = "judge";

const RESPONSE_A = "\nResponse A:\n";
const RESPONSE_B = "\n\nResponse B:\n";
const QUESTION_END = "\n\nWhich response is better?";

export interface DemoJudgeScore {
  citations: number;
  words: number;
}

export function scoreResponse(text: string): DemoJudgeScore {
  const cited = new Set<number>();
  for (const match of text.matchAll(/\[(\d{1,3})(?:\s*[,;–-]\s*(\d{1,3}))*\]/g)) {
    for (const number of match[0].match(/\d{1,3}/g) ?? []) cited.add(Number(number));
  }
  return { citations: cited.size, words: text.split(/\s+/).filter(Boolean).length };
}

/** The two responses of a judge prompt, or null when the prompt is not in that format. */
export function responsesOf(prompt: string): { first: string; second: string } | null {
  const start = prompt.indexOf(RESPONSE_A);
  const middle = prompt.lastIndexOf(RESPONSE_B);
  const end = prompt.lastIndexOf(QUESTION_END);
  if (start === -1 || middle === -1 || end === -1 || !(start < middle && middle < end)) return null;
  return { first: prompt.slice(start + RESPONSE_A.length, middle), second: prompt.slice(middle + RESPONSE_B.length, end) };
}

/** "A" when the first shown response wins (or on a tie), "B" otherwise; the text a judge model would write. */
export function demoJudgement(prompt: string): string {
  const responses = responsesOf(prompt);
  if (!responses) return "I cannot tell which response is better: the prompt does not contain two responses.";
  const a = scoreResponse(responses.first);
  const b = scoreResponse(responses.second);
  // Citations first; length only breaks ties, and only a clear difference (over 10%) counts.
  const lengthDifference = Math.abs(a.words - b.words) > 0.1 * Math.max(a.words, b.words) ? a.words - b.words : 0;
  const verdict = a.citations !== b.citations ? (a.citations > b.citations ? "A" : "B") : lengthDifference < 0 ? "B" : "A";
  const describe = (label: string, score: DemoJudgeScore) =>
    `Response ${label} cites ${score.citations} reference${score.citations === 1 ? "" : "s"} in ${score.words} words.`;
  return `${describe("A", a)} ${describe("B", b)} Better supported: [[${verdict}]]`;
}

function promptText(call: LanguageModelV3CallOptions): string {
  return call.prompt
    .filter((message) => message.role === "user")
    .flatMap((message) => message.content)
    .map((part) => (part.type === "text" ? part.text : ""))
    .join("\n");
}

function usage(input: string, output: string): LanguageModelV3Usage {
  const tokens = (text: string) => Math.ceil(text.split(/\s+/).filter(Boolean).length * 1.3);
  return {
    inputTokens: { total: tokens(input), noCache: tokens(input), cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: tokens(output), text: tokens(output), reasoning: undefined },
  };
}

export function createDemoJudge(): LanguageModelV3 {
  return {
    specificationVersion: "v3",
    provider: DEMO_PROVIDER,
    modelId: DEMO_JUDGE_MODEL_ID,
    supportedUrls: {},
    async doGenerate(call) {
      const input = promptText(call);
      const text = demoJudgement(input);
      return {
        content: [{ type: "text", text }],
        finishReason: { unified: "stop", raw: "stop" },
        usage: usage(input, text),
        warnings: [],
      };
    },
    async doStream(call) {
      const input = promptText(call);
      const text = demoJudgement(input);
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        start(controller) {
          controller.enqueue({ type: "stream-start", warnings: [] });
          controller.enqueue({ type: "text-start", id: "verdict" });
          controller.enqueue({ type: "text-delta", id: "verdict", delta: text });
          controller.enqueue({ type: "text-end", id: "verdict" });
          controller.enqueue({ type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage: usage(input, text) });
          controller.close();
        },
      });
      return { stream };
    },
  };
}
