import { appendFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { APICallError, type LanguageModelV3, type LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { JudgementCache } from "./judgement-cache";
import { runJudgements, type JudgeRecord } from "./run-judgements";

// A fake judge: answers with whatever `answer` returns for the prompt text, or throws what it throws.
function fakeJudge(answer: (prompt: string, call: number) => Promise<string> | string): LanguageModelV3 & { calls: number } {
  const model = {
    specificationVersion: "v3" as const,
    provider: "fake",
    modelId: "fake-judge",
    supportedUrls: {},
    calls: 0,
    async doGenerate(options: LanguageModelV3CallOptions) {
      const prompt = options.prompt
        .flatMap((message) => (message.role === "user" ? message.content : []))
        .map((part) => (part.type === "text" ? part.text : ""))
        .join("");
      const text = await answer(prompt, ++model.calls);
      return {
        content: [{ type: "text" as const, text }],
        finishReason: { unified: "stop" as const, raw: "stop" },
        usage: {
          inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined },
          outputTokens: { total: 1, text: 1, reasoning: undefined },
        },
        warnings: [],
      };
    },
    async doStream(): Promise<never> {
      throw new Error("not used");
    },
  };
  return model;
}

const httpError = (status: number, headers: Record<string, string> = {}) =>
  new APICallError({
    message: `HTTP ${status}`,
    url: "http://judge.invalid/v1/chat/completions",
    requestBodyValues: {},
    statusCode: status,
    responseHeaders: headers,
    isRetryable: status === 429 || status >= 500,
  });

const records: JudgeRecord[] = Array.from({ length: 5 }, (_, i) => ({
  id: `rec-${i}`,
  question: `Question ${i}?`,
  responseA: `Answer A${i}`,
  responseB: `Answer B${i}`,
  vote: i % 2 ? "A" : "B",
  subject: "Biology",
  question_type: null,
}));

const noSleep = async () => {};

describe("runJudgements", () => {
  it("judges every record in both orders", async () => {
    const model = fakeJudge((prompt) => (prompt.includes("Response A:\nAnswer A") ? "A" : "B"));
    const result = await runJudgements({ model, judge: "fake", records, concurrency: 2 });
    expect(model.calls).toBe(10);
    expect(result.progress).toMatchObject({ done: 10, total: 10, cached: 0, failed: 0, retries: 0 });
    expect(result.outputs.get("rec-3")).toEqual({ original: "A", swapped: "B" });
  });

  it("retries transient errors with growing backoff, honouring Retry-After", async () => {
    const failuresLeft = new Map<string, number>();
    const model = fakeJudge((prompt) => {
      const left = failuresLeft.get(prompt) ?? 2;
      failuresLeft.set(prompt, left - 1);
      if (left > 0) throw left === 2 ? httpError(503) : httpError(429, { "retry-after": "7" });
      return "[[A]]";
    });
    const sleeps: number[] = [];
    const result = await runJudgements({ model, judge: "fake", records: records.slice(0, 1), backoffMs: 100, sleep: async (ms) => void sleeps.push(ms) });
    expect(result.failures).toEqual([]);
    expect(result.progress.retries).toBe(4);
    expect(model.calls).toBe(6);
    expect(result.outputs.get("rec-0")).toEqual({ original: "[[A]]", swapped: "[[A]]" });
    // First retry after ~100 ms (with jitter), the second after the 7 s the server asked for.
    expect(sleeps.filter((ms) => ms < 1000).every((ms) => ms >= 80 && ms <= 120)).toBe(true);
    expect(sleeps.filter((ms) => ms === 7000)).toHaveLength(2);
  });

  it("gives up after the last attempt, and at once on an error that retrying cannot fix", async () => {
    const alwaysDown = fakeJudge(() => {
      throw httpError(500);
    });
    const down = await runJudgements({ model: alwaysDown, judge: "fake", records: records.slice(0, 1), maxAttempts: 3, sleep: noSleep });
    expect(alwaysDown.calls).toBe(6);
    expect(down.progress.failed).toBe(2);
    expect(down.failures[0]).toMatchObject({ id: "rec-0", error: expect.stringContaining("500") });
    expect(down.outputs.get("rec-0")).toEqual({ original: null, swapped: null });

    const badRequest = fakeJudge(() => {
      throw httpError(400);
    });
    const refused = await runJudgements({ model: badRequest, judge: "fake", records: records.slice(0, 1), maxAttempts: 5, sleep: noSleep });
    expect(badRequest.calls).toBe(2);
    expect(refused.progress).toMatchObject({ failed: 2, retries: 0 });
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const model = fakeJudge(async () => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return "B";
    });
    await runJudgements({ model, judge: "fake", records, concurrency: 3 });
    expect(peak).toBe(3);
  });

  it("resumes from the disk cache: no call for a judgement already made, a new call when the record or judge changed", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "judge-cache-")), "nested", "fake.jsonl");
    const model = fakeJudge((prompt) => (prompt.includes("Answer A1") ? "A" : "B"));
    const cache = await JudgementCache.open(file);
    const first = await runJudgements({ model, judge: "fake", records, cache });
    await cache.close();
    expect(model.calls).toBe(10);
    appendFileSync(file, '{"key":"cut short by a cr');

    const again = fakeJudge(() => "never called");
    const reopened = await JudgementCache.open(file);
    expect(reopened.size).toBe(10);
    const changed = records.map((record) => (record.id === "rec-4" ? { ...record, responseB: "A revised answer" } : record));
    const second = await runJudgements({ model: again, judge: "fake", records: changed, cache: reopened });
    expect(again.calls).toBe(2);
    expect(second.progress.cached).toBe(8);
    for (const record of records.slice(0, 4)) expect(second.outputs.get(record.id)).toEqual(first.outputs.get(record.id));

    const otherJudge = fakeJudge(() => "A");
    await runJudgements({ model: otherJudge, judge: "another", records: records.slice(0, 2), cache: reopened });
    expect(otherJudge.calls).toBe(4);
    await reopened.close();
    const lines = readFileSync(file, "utf8").split("\n").filter((line) => line.startsWith("{"));
    expect(lines.length).toBe(17);
  });
});
