import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBattle } from "@/lib/battles/create-battle";
import { waitForBattle } from "@/lib/battles/run-battle";
import { providerLimiter } from "@/lib/ai/concurrency";
import { getDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import type { ModelDefinition } from "@/lib/models/model-definition";
import { syncModels } from "@/lib/models/sync-models";
import { startMockLlmServer, type MockLlmServer, type Scenario } from "../mocks/llm-server";
import { createUser, ensureArenaData } from "./helpers/fixtures";
import { answerTexts, readBattleStream, type ParsedEvent } from "./helpers/read-stream";

// The real @ai-sdk provider code against local servers that speak OpenAI's, Anthropic's and Google's
// streaming formats over HTTP: every scenario ends in the right battle state with an anonymous message,
// and nothing hangs (each test would hit vitest's timeout).

const QUESTION = "Does vaccine storage temperature affect vaccine potency in general practice?";
const KEYS = {
  OPENAI_API_KEY: "sk-test-openai-0123456789abcdef",
  ANTHROPIC_API_KEY: "sk-ant-test-0123456789abcdef",
  GOOGLE_GENERATIVE_AI_API_KEY: "AIza-test-0123456789abcdef",
  MOCK_COMPAT_KEY: "compat-test-0123456789abcdef",
};
// Anything that would tell the browser which provider or model answered.
const FINGERPRINTS = /openai|anthropic|claude|gemini|google|gpt|compatible|mock|HTTP|\b(401|429|500|503)\b|overloaded|server_error|SECRET/i;

let mock: MockLlmServer;
const savedEnv = { ...process.env };
const logLines: string[] = [];
const originalWrite = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };

const ANSWER = [
  "<think>SECRET inline reasoning from the model</think>",
  "## Storage temperature\n",
  "Vaccines stored **outside** the recommended range lose potency [1].",
  " Freezing is *especially* harmful, 【2】 and monitoring helps (Ref. 1).\n\n",
  "- Many refrigerators were out of range [2]\n",
  "- Training improves storage practice^3\n",
  "\nOne claim cites a paper outside the list [99].",
];

function scenario(extra: Partial<Scenario> = {}): Scenario {
  return { chunks: ANSWER, chunkDelayMs: 2, usage: { input: 1200, output: 300, reasoning: 50 }, ...extra };
}

const definitions: ModelDefinition[] = [];
function model(slug: string, provider: string, providerModel: string, options: Record<string, unknown> = {}): string {
  definitions.push({
    slug,
    displayName: slug,
    organization: "Mock",
    license: "PROPRIETARY",
    provider,
    providerModel,
    costPer1kIn: 0.003,
    costPer1kOut: 0.015,
    options,
    active: false,
  });
  return slug;
}

/** Runs one battle between exactly these two models and returns what the browser saw and what was stored. */
async function battleBetween(slugA: string, slugB: string) {
  const db = getDb();
  const before = await db.model.findMany({ select: { slug: true, active: true } });
  await db.model.updateMany({ data: { active: false } });
  await db.model.updateMany({ where: { slug: { in: [slugA, slugB] } }, data: { active: true } });
  try {
    const user = await createUser("providers");
    const created = await createBattle(user.id, { question: QUESTION, discipline: null });
    const events = await readBattleStream(created.battleId);
    await waitForBattle(created.battleId);
    const battle = await db.battle.findUniqueOrThrow({
      where: { id: created.battleId },
      include: { responses: { include: { model: { select: { slug: true } } } } },
    });
    const bySlug = Object.fromEntries(battle.responses.map((r) => [r.model.slug, r]));
    return { battle, events, bySlug, raw: JSON.stringify(events), references: created.references.length };
  } finally {
    for (const m of before) await db.model.update({ where: { slug: m.slug }, data: { active: m.active } });
  }
}

function expectAnonymous(events: ParsedEvent[], failureReason: string | null) {
  for (const e of events) {
    if (["delta", "done", "references"].includes(e.event)) continue; // answers and corpus text are checked separately
    expect(JSON.stringify(e.data), `${e.event} event`).not.toMatch(FINGERPRINTS);
  }
  if (failureReason) expect(failureReason).not.toMatch(FINGERPRINTS);
}

beforeAll(async () => {
  mock = await startMockLlmServer();
  Object.assign(process.env, KEYS, {
    OPENAI_BASE_URL: mock.openaiBaseURL,
    ANTHROPIC_BASE_URL: mock.anthropicBaseURL,
    GOOGLE_GENERATIVE_AI_BASE_URL: mock.googleBaseURL,
    ANSWER_STALL_TIMEOUT_MS: "400",
    ANSWER_FIRST_TOKEN_TIMEOUT_MS: "20000",
    ANSWER_MAX_RETRIES: "2",
    LOG_LEVEL: "debug",
  });
  resetEnvCache();
  // Capture (and silence) the structured logs, to check that no key is ever written.
  const capture = (original: typeof originalWrite.out) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      if (text.startsWith("{\"time\"")) {
        logLines.push(text);
        return true;
      }
      return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
  process.stdout.write = capture(originalWrite.out);
  process.stderr.write = capture(originalWrite.err);

  mock.scenario("gpt-normal", scenario());
  mock.scenario("claude-normal", scenario({ reasoning: ["SECRET thinking ", "about the answer"] }));
  mock.scenario("gemini-normal", scenario({ reasoning: ["SECRET thought"] }));
  mock.scenario("compat-reasoning", scenario({ reasoning: ["SECRET reasoning_content"] }));
  mock.scenario("compat-inline-think", scenario({ chunks: ["SECRET implicit reasoning</think>\n\n", "The answer is in [1]."] }));
  mock.scenario("gpt-error-first", scenario({ failure: { kind: "stream-error", after: 0 } }));
  mock.scenario("claude-error-mid", scenario({ failure: { kind: "stream-error", after: 3 } }));
  mock.scenario("gpt-stall-mid", scenario({ failure: { kind: "stall", after: 2 } }));
  mock.scenario("gpt-stall-first", scenario({ failure: { kind: "stall", after: 0 } }));
  mock.scenario("gpt-malformed", scenario({ failure: { kind: "malformed", after: 2 } }));
  mock.scenario("gpt-disconnect", scenario({ failure: { kind: "disconnect", after: 2 } }));
  mock.scenario("gpt-429", scenario({ failure: { kind: "status", status: 429, headers: { "retry-after": "0" } } }));
  mock.scenario("claude-429-once", scenario({ failure: { kind: "status", status: 429, times: 1, headers: { "retry-after": "0" } } }));
  mock.scenario("gpt-401", scenario({ failure: { kind: "status", status: 401, body: { error: { message: `Incorrect API key provided: ${KEYS.OPENAI_API_KEY}`, type: "invalid_request_error", code: "invalid_api_key" } } } }));
  mock.scenario("slow-a", scenario({ ttftMs: 150 }));
  mock.scenario("slow-b", scenario({ ttftMs: 150 }));

  model("mock-gpt", "openai", "gpt-normal");
  model("mock-claude", "anthropic", "claude-normal", { thinkingBudget: 1024 });
  model("mock-gemini", "google", "gemini-normal", { thinkingBudget: 512 });
  model("mock-compat", "openai-compatible", "compat-reasoning", { baseURL: mock.openaiBaseURL, apiKeyEnv: "MOCK_COMPAT_KEY" });
  model("mock-compat-think", "openai-compatible", "compat-inline-think", { baseURL: mock.openaiBaseURL, reasoningTag: "think", startWithReasoning: true });
  model("mock-error-first", "openai", "gpt-error-first");
  model("mock-error-mid", "anthropic", "claude-error-mid");
  model("mock-stall-mid", "openai", "gpt-stall-mid");
  model("mock-stall-first", "openai", "gpt-stall-first", { firstTokenTimeoutMs: 300 });
  model("mock-malformed", "openai", "gpt-malformed");
  model("mock-disconnect", "openai", "gpt-disconnect");
  model("mock-429", "openai", "gpt-429");
  model("mock-429-once", "anthropic", "claude-429-once");
  model("mock-401", "openai", "gpt-401");
  model("mock-no-key", "openai-compatible", "gpt-normal", { baseURL: mock.openaiBaseURL, apiKeyEnv: "MOCK_MISSING_KEY" });
  model("mock-slow-a", "openai", "slow-a", { baseURL: `${mock.url}/limited/v1`, maxConcurrency: 1 });
  model("mock-slow-b", "openai", "slow-b", { baseURL: `${mock.url}/limited/v1`, maxConcurrency: 1 });

  await ensureArenaData();
  await syncModels(definitions);
});

afterAll(async () => {
  process.stdout.write = originalWrite.out;
  process.stderr.write = originalWrite.err;
  await getDb().model.updateMany({ where: { slug: { in: definitions.map((d) => d.slug) } }, data: { active: false } });
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
  resetEnvCache();
  await mock.close();
});

describe("real provider code against mock servers", () => {
  it("streams OpenAI and Anthropic answers, normalized alike, with reasoning kept off the wire", async () => {
    const { battle, events, bySlug, raw, references } = await battleBetween("mock-gpt", "mock-claude");
    expect(battle.status).toBe("READY");
    expect(events.at(-1)?.event).toBe("ready");
    expect(raw).not.toMatch(/SECRET|think>|\*\*|##|【|\^3/);
    expectAnonymous(events, null);
    const streamed = answerTexts(events);
    const gpt = bySlug["mock-gpt"];
    const claude = bySlug["mock-claude"];
    for (const r of [gpt, claude]) {
      expect(r.status).toBe("DONE");
      expect(streamed[r.side]).toBe(r.text);
      expect(r.text).toBe(
        "Storage temperature\n\nVaccines stored outside the recommended range lose potency [1]. Freezing is especially harmful [2], and monitoring helps [1].\n\n" +
          "Many refrigerators were out of range [2]. Training improves storage practice [3].\n\nOne claim cites a paper outside the list.",
      );
      expect(r.droppedCitations).toBe(references >= 99 ? 0 : 1);
      expect((r.citations as { n: number }[]).map((c) => c.n)).toEqual([1, 2, 3]);
      expect(r.inputTokens).toBe(1200);
      expect(r.outputTokens).toBe(300);
      expect(r.costUsd).toBeCloseTo((1200 * 0.003 + 300 * 0.015) / 1000, 10);
      expect(r.firstTokenMs).not.toBeNull();
      expect(r.totalMs).not.toBeNull();
      expect(r.finishReason).toBe("stop");
      expect(r.attempts).toBe(1);
      expect(r.attributionMethod).toBe("lexical");
      expect((r.supportingCitations ?? 0) + (r.irrelevantCitations ?? 0)).toBe(3);
      for (const c of r.citations as { support: string; supportScore: number }[]) {
        expect(["supporting", "irrelevant"]).toContain(c.support);
        expect(c.supportScore).toBeGreaterThanOrEqual(0);
      }
    }
    // The raw output is kept for the record, reasoning and all.
    expect(gpt.rawText).toContain("SECRET inline reasoning");
    expect(claude.reasoningTokens === null || claude.reasoningTokens >= 0).toBe(true);
    // The provider calls carried the keys, the system prompt and the numbered references.
    const openaiCall = mock.requests.find((r) => r.model === "gpt-normal")!;
    expect(openaiCall.headers.authorization).toBe(`Bearer ${KEYS.OPENAI_API_KEY}`);
    expect(JSON.stringify(openaiCall.body)).toMatch(/cite every claim|\[1\] /i);
    const anthropicCall = mock.requests.find((r) => r.model === "claude-normal")!;
    expect(anthropicCall.headers["x-api-key"]).toBe(KEYS.ANTHROPIC_API_KEY);
    expect(anthropicCall.body.thinking).toEqual({ type: "enabled", budget_tokens: 1024 });
  });

  it("streams Google and OpenAI-compatible answers, dropping reasoning parts and inline reasoning", async () => {
    const first = await battleBetween("mock-gemini", "mock-compat");
    expect(first.battle.status).toBe("READY");
    expect(first.raw).not.toMatch(/SECRET/);
    expect(first.bySlug["mock-gemini"].text).toBe(first.bySlug["mock-compat"].text);
    const googleCall = mock.requests.find((r) => r.model === "gemini-normal")!;
    expect(googleCall.headers["x-goog-api-key"]).toBe(KEYS.GOOGLE_GENERATIVE_AI_API_KEY);
    expect(mock.requests.find((r) => r.model === "compat-reasoning")!.headers.authorization).toBe(`Bearer ${KEYS.MOCK_COMPAT_KEY}`);

    const second = await battleBetween("mock-compat-think", "mock-gpt");
    expect(second.battle.status).toBe("READY");
    expect(second.bySlug["mock-compat-think"].text).toBe("The answer is in [1].");
    expect(second.raw).not.toMatch(/SECRET/);
    // No key configured for this endpoint: no Authorization header at all.
    expect(mock.requests.find((r) => r.model === "compat-inline-think")!.headers.authorization).toBeUndefined();
  });

  it("retries an error before the first token, then fails the battle with an anonymous message", async () => {
    const { battle, events, bySlug } = await battleBetween("mock-error-first", "mock-gpt");
    expect(battle.status).toBe("FAILED");
    const failed = bySlug["mock-error-first"];
    expect(failed.status).toBe("FAILED");
    expect(failed.attempts).toBe(3);
    expect(failed.error).toMatch(/server_error/);
    expect(battle.failureReason).toBe(`Model ${failed.side} could not answer: the model service had an error.`);
    expect(events.at(-1)).toMatchObject({ event: "failed", data: { message: battle.failureReason } });
    expectAnonymous(events, battle.failureReason);
    expect(["DONE", "FAILED"]).toContain(bySlug["mock-gpt"].status);
  });

  it("fails on an error after the first token without retrying, keeping what was streamed", async () => {
    const { battle, events, bySlug } = await battleBetween("mock-error-mid", "mock-gpt");
    expect(battle.status).toBe("FAILED");
    const failed = bySlug["mock-error-mid"];
    expect(failed.attempts).toBe(1);
    expect(failed.error).toMatch(/overloaded_error/);
    expect(battle.failureReason).toMatch(/could not answer: the model service was busy\.$/);
    expect(answerTexts(events)[failed.side]).toBe(failed.text);
    expect(failed.text.length).toBeGreaterThan(0);
    expectAnonymous(events, battle.failureReason);
  });

  it("fails a stream that stalls after its first token, and one that never starts", async () => {
    const mid = await battleBetween("mock-stall-mid", "mock-gpt");
    expect(mid.battle.status).toBe("FAILED");
    expect(mid.battle.failureReason).toMatch(/could not answer: the answer stalled\.$/);
    expect(mid.bySlug["mock-stall-mid"].attempts).toBe(1);

    const first = await battleBetween("mock-stall-first", "mock-gpt");
    expect(first.battle.status).toBe("FAILED");
    expect(first.battle.failureReason).toMatch(/could not answer: no answer arrived in time\.$/);
    expect(first.bySlug["mock-stall-first"].attempts).toBe(1);
    expectAnonymous(first.events, first.battle.failureReason);
  });

  it("fails on a malformed chunk and on a dropped connection", async () => {
    const malformed = await battleBetween("mock-malformed", "mock-gpt");
    expect(malformed.battle.status).toBe("FAILED");
    expect(malformed.battle.failureReason).toMatch(/could not answer: the model service sent an unreadable answer\.$/);
    expect(malformed.bySlug["mock-malformed"].error).toMatch(/malformed stream data/);
    expectAnonymous(malformed.events, malformed.battle.failureReason);

    const cut = await battleBetween("mock-disconnect", "mock-gpt");
    expect(cut.battle.status).toBe("FAILED");
    expect(cut.bySlug["mock-disconnect"].status).toBe("FAILED");
    expectAnonymous(cut.events, cut.battle.failureReason);
  });

  it("retries a 429 (honouring Retry-After) and succeeds, or gives up after the configured retries", async () => {
    const once = await battleBetween("mock-429-once", "mock-gpt");
    expect(once.battle.status).toBe("READY");
    expect(once.bySlug["mock-429-once"].attempts).toBe(2);

    const always = await battleBetween("mock-429", "mock-gpt");
    expect(always.battle.status).toBe("FAILED");
    expect(always.bySlug["mock-429"].attempts).toBe(3);
    expect(always.bySlug["mock-429"].error).toMatch(/HTTP 429/);
    expect(always.battle.failureReason).toMatch(/could not answer: the model service was busy\.$/);
    expectAnonymous(always.events, always.battle.failureReason);
  });

  it("does not retry a 401, and never stores or logs a key", async () => {
    const { battle, bySlug, events } = await battleBetween("mock-401", "mock-gpt");
    expect(battle.status).toBe("FAILED");
    const failed = bySlug["mock-401"];
    expect(failed.attempts).toBe(1);
    expect(battle.failureReason).toMatch(/could not answer: the model is not available right now\.$/);
    expect(failed.error).toMatch(/HTTP 401/);
    expect(failed.error).toContain("[redacted]");
    expectAnonymous(events, battle.failureReason);
    const everything = [logLines.join("\n"), JSON.stringify(await getDb().response.findMany({ select: { error: true, rawText: true } }))].join("\n");
    expect(logLines.length).toBeGreaterThan(0);
    for (const key of Object.values(KEYS)) expect(everything).not.toContain(key);
  });

  it("fails a model whose key is missing with a clear reason in the record, not in the browser", async () => {
    const { battle, bySlug, events } = await battleBetween("mock-no-key", "mock-gpt");
    expect(battle.status).toBe("FAILED");
    expect(bySlug["mock-no-key"].error).toMatch(/MOCK_MISSING_KEY is not set/);
    expect(battle.failureReason).toMatch(/the model is not available right now\.$/);
    expectAnonymous(events, battle.failureReason);
  });

  it("keeps requests to one endpoint within its concurrency limit", async () => {
    mock.resetInFlight();
    const { battle, bySlug } = await battleBetween("mock-slow-a", "mock-slow-b");
    expect(battle.status).toBe("READY");
    expect(bySlug["mock-slow-a"].status).toBe("DONE");
    expect(bySlug["mock-slow-b"].status).toBe("DONE");
    expect(mock.maxInFlight()).toBe(1);
    expect(providerLimiter().stats(`openai|${mock.url}/limited/v1`)).toEqual({ active: 0, waiting: 0 });
  });
});
