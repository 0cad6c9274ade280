import { APICallError, type LanguageModelV3 } from "@ai-sdk/provider";
import { generateText } from "ai";
import { buildJudgePrompt, JUDGE_ORDERS, type JudgeOrder, type SciArenaEvalRecord } from "@/lib/dataset";
import { judgementKey, sha256, type JudgementCache } from "./judgement-cache";

// Asks a judge model for A or B on every record in both presentation orders (SciArena's protocol),
// with a fixed number of requests in flight, retries with exponential backoff on transient errors, and
// a disk cache that makes a run resumable. The model is any AI SDK LanguageModelV3: a configured provider
// or the offline demo judge.

export type JudgeRecord = Pick<SciArenaEvalRecord, "id" | "question" | "responseA" | "responseB" | "vote" | "subject" | "question_type">;

/** Identifies the prompt template: the prompt of a fixed dummy item. */
export const JUDGE_PROMPT_VERSION = sha256(buildJudgePrompt({ question: "{question}", responseA: "{responseA}", responseB: "{responseB}" }, "original")).slice(0, 16);

export interface JudgementProgress {
  done: number;
  total: number;
  cached: number;
  failed: number;
  retries: number;
}

export interface JudgementFailure {
  id: string;
  order: JudgeOrder;
  error: string;
}

export interface RunJudgementsOptions {
  model: LanguageModelV3;
  /** Identity of the judge in cache keys, e.g. "slug|provider|providerModel". */
  judge: string;
  records: readonly JudgeRecord[];
  concurrency?: number;
  /** Attempts per judgement, the first included. */
  maxAttempts?: number;
  /** First retry delay; doubled on every further attempt (with jitter), capped at 60 s. */
  backoffMs?: number;
  timeoutMs?: number;
  cache?: JudgementCache;
  callSettings?: { temperature?: number; maxOutputTokens?: number };
  onProgress?: (progress: JudgementProgress) => void;
  /** Replaceable in tests. */
  sleep?: (ms: number) => Promise<void>;
}

export interface JudgementOutputs {
  original: string | null;
  swapped: string | null;
}

export interface RunJudgementsResult {
  /** Raw judge outputs per record id; null where the judgement failed. */
  outputs: Map<string, JudgementOutputs>;
  progress: JudgementProgress;
  /** Model calls made (attempts included). */
  calls: number;
  failures: JudgementFailure[];
}

const MAX_BACKOFF_MS = 60_000;

function retryable(error: unknown): boolean {
  if (APICallError.isInstance(error)) return error.isRetryable;
  const name = (error as { name?: string } | null)?.name;
  // Our own timeout and any network-level failure are worth another try; a malformed request is not.
  return name !== "AI_InvalidPromptError" && name !== "AI_InvalidArgumentError" && name !== "AI_UnsupportedFunctionalityError";
}

/** Seconds from a Retry-After header, when the provider sent one. */
function retryAfterMs(error: unknown): number | null {
  if (!APICallError.isInstance(error)) return null;
  const header = error.responseHeaders?.["retry-after"];
  const seconds = header === undefined ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, MAX_BACKOFF_MS) : null;
}

function describe(error: unknown): string {
  if (APICallError.isInstance(error)) return `${error.statusCode ?? "no status"}: ${error.message}`.slice(0, 500);
  return String((error as Error)?.message ?? error).slice(0, 500);
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runJudgements(options: RunJudgementsOptions): Promise<RunJudgementsResult> {
  const { model, judge, records, cache, callSettings, onProgress } = options;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 4));
  const backoffMs = options.backoffMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const sleep = options.sleep ?? realSleep;

  const outputs = new Map<string, JudgementOutputs>(records.map((record) => [record.id, { original: null, swapped: null }]));
  const tasks = records.flatMap((record) => JUDGE_ORDERS.map((order) => ({ record, order })));
  const progress: JudgementProgress = { done: 0, total: tasks.length, cached: 0, failed: 0, retries: 0 };
  const failures: JudgementFailure[] = [];
  let calls = 0;

  const judgeOnce = async (prompt: string): Promise<string> => {
    calls++;
    const result = await generateText({
      model,
      prompt,
      maxRetries: 0,
      abortSignal: AbortSignal.timeout(timeoutMs),
      ...callSettings,
    });
    return result.text;
  };

  const runTask = async ({ record, order }: (typeof tasks)[number]): Promise<void> => {
    const prompt = buildJudgePrompt(record, order);
    const key = judgementKey(judge, record.id, order, prompt);
    const cached = cache?.get(key);
    if (cached !== undefined) {
      outputs.get(record.id)![order] = cached;
      progress.cached++;
      return;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const output = await judgeOnce(prompt);
        outputs.get(record.id)![order] = output;
        cache?.put({ key, id: record.id, order, judge, promptSha256: sha256(prompt), output });
        return;
      } catch (caught) {
        const error = (caught as { name?: string; lastError?: unknown })?.name === "AI_RetryError" ? (caught as { lastError: unknown }).lastError : caught;
        if (attempt >= maxAttempts || !retryable(error)) {
          progress.failed++;
          failures.push({ id: record.id, order, error: describe(error) });
          return;
        }
        progress.retries++;
        const exponential = Math.min(backoffMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
        await sleep(retryAfterMs(error) ?? exponential * (0.8 + 0.4 * Math.random()));
      }
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      await runTask(task);
      progress.done++;
      onProgress?.({ ...progress });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
  return { outputs, progress, calls, failures };
}
