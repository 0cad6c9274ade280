import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
  LanguageModelV3Usage,
} from "@ai-sdk/provider";
import { parseAnswerPrompt } from "@/lib/ai/prompt";
import { composeDemoAnswer, type DemoStyle } from "./compose-answer";

// The built-in offline models implement the AI SDK's LanguageModelV3 interface, so they go through
// exactly the code path real providers use (streamText, the battle runner, SSE).

export const DEMO_PROVIDER = "offline-demo";

function promptText(prompt: LanguageModelV3Prompt): string {
  return prompt
    .filter((m) => m.role === "user")
    .flatMap((m) => m.content)
    .map((part) => (part.type === "text" ? part.text : ""))
    .join("\n");
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function usage(input: string, output: string): LanguageModelV3Usage {
  const inputTokens = Math.ceil(countWords(input) * 1.3);
  const outputTokens = Math.ceil(countWords(output) * 1.3);
  return {
    inputTokens: { total: inputTokens, noCache: inputTokens, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: outputTokens, text: outputTokens, reasoning: undefined },
  };
}

/** Splits into word-sized deltas that concatenate back to the exact text. */
export function tokenize(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error("aborted"));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error("aborted"));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export function createDemoModel(
  style: DemoStyle,
  options: { tokenDelayMs: number; firstTokenDelayMs?: number },
): LanguageModelV3 {
  const answer = (call: LanguageModelV3CallOptions) => {
    const input = promptText(call.prompt);
    const { question, references } = parseAnswerPrompt(input);
    return { input, text: composeDemoAnswer(style, question, references) };
  };
  return {
    specificationVersion: "v3",
    provider: DEMO_PROVIDER,
    modelId: style,
    supportedUrls: {},
    async doGenerate(call) {
      const { input, text } = answer(call);
      return {
        content: [{ type: "text", text }],
        finishReason: { unified: "stop", raw: "stop" },
        usage: usage(input, text),
        warnings: [],
      };
    },
    async doStream(call) {
      const { input, text } = answer(call);
      const tokens = tokenize(text);
      const signal = call.abortSignal;
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        async start(controller) {
          try {
            controller.enqueue({ type: "stream-start", warnings: [] });
            controller.enqueue({ type: "text-start", id: "answer" });
            if (options.firstTokenDelayMs) await sleep(options.firstTokenDelayMs, signal);
            for (const token of tokens) {
              if (options.tokenDelayMs > 0) await sleep(options.tokenDelayMs, signal);
              else if (signal?.aborted) throw signal.reason ?? new Error("aborted");
              controller.enqueue({ type: "text-delta", id: "answer", delta: token });
            }
            controller.enqueue({ type: "text-end", id: "answer" });
            controller.enqueue({
              type: "finish",
              finishReason: { unified: "stop", raw: "stop" },
              usage: usage(input, text),
            });
            controller.close();
          } catch (error) {
            controller.error(error);
          }
        },
      });
      return { stream };
    },
  };
}
