import { streamText, type FinishReason, type LanguageModelUsage } from "ai";
import { countSupport, lexicalAttribution, type CitationSupport } from "@/lib/ai/attribution";
import { providerLimiter } from "@/lib/ai/concurrency";
import { AnswerNormalizer } from "@/lib/ai/normalize-answer";
import { ANSWER_SYSTEM_PROMPT, buildAnswerPrompt } from "@/lib/ai/prompt";
import { describeProviderError } from "@/lib/ai/provider-errors";
import { redactSecrets, resolveModel, type ModelRecord, type ResolvedModel } from "@/lib/ai/registry";
import { DEMO_PROVIDER } from "@/lib/ai/demo/demo-model";
import { getDb } from "@/lib/db";
import { withDatabaseRetry } from "@/lib/db/errors";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import type { Reference } from "@/lib/retrieval/types";
import { attributeWithModel } from "./attribute-citations";
import { clearLive, publish, setLiveText } from "./bus";
import type { SideLabel } from "./types";

// Answer generation runs detached from any HTTP request: both sides stream concurrently, deltas go to
// open SSE streams through the in-process bus at once and to the database in small batches, so a
// closed tab or a reload never loses an answer.
//
// What streams is the *normalized* answer (lib/ai/normalize-answer.ts), released in whole words:
// reasoning never leaves the server, and neither markdown habits nor the provider's chunk sizes can
// fingerprint a model. Robustness: a first-token timeout, a stall timeout and a total deadline; retries
// (with backoff, honouring Retry-After) only while no text has arrived; a per-endpoint concurrency limit;
// failures recorded with their detail in Response.error, and a provider-free message for the browser.

const FLUSH_INTERVAL_MS = 150;
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 8_000;

export interface SidePlan {
  side: SideLabel;
  responseId: string;
  model: ModelRecord & { costPer1kIn: number; costPer1kOut: number };
}

export interface BattlePlan {
  battleId: string;
  question: string;
  references: Reference[];
  sides: SidePlan[];
  /**
   * Resolves once the battle's rows are stored (true) or will not be (false). Generation may start
   * before: it writes nothing until this resolves true, and stops without a trace on false.
   */
  committed?: Promise<boolean>;
}

const NOT_STORED = "the battle was not stored";

class AnswerFailure extends Error {
  constructor(
    /** Safe for the browser: names no provider or model. */
    readonly publicMessage: string,
    detail?: string,
    readonly options: { retryable?: boolean; retryAfterMs?: number; cascade?: boolean } = {},
  ) {
    super(detail ?? publicMessage);
  }
  /** This side was stopped because the other one failed. */
  get cascade(): boolean {
    return this.options.cascade ?? false;
  }
}

function toFailure(cause: unknown): AnswerFailure {
  if (cause instanceof AnswerFailure) return cause;
  const described = describeProviderError(cause);
  return new AnswerFailure(described.publicMessage, redactSecrets(described.detail), {
    retryable: described.retryable,
    retryAfterMs: described.retryAfterMs,
  });
}

const running = (globalThis as unknown as { __arenaRunning?: Map<string, Promise<void>> }).__arenaRunning ??
  new Map<string, Promise<void>>();
(globalThis as unknown as { __arenaRunning?: Map<string, Promise<void>> }).__arenaRunning = running;

/** Starts generating both answers in the background; resolves when both have ended (for tests). */
export function startBattle(plan: BattlePlan): Promise<void> {
  const existing = running.get(plan.battleId);
  if (existing) return existing;
  const task = runBattle(plan).finally(() => {
    running.delete(plan.battleId);
    clearLive(plan.battleId);
  });
  running.set(plan.battleId, task);
  return task;
}

export function runningBattleIds(): string[] {
  return [...running.keys()];
}

/** Resolves when the battle's generation (and its follow-up work, such as LLM attribution) has ended. */
export function waitForBattle(battleId: string): Promise<void> {
  return running.get(battleId) ?? Promise.resolve();
}

async function runBattle(plan: BattlePlan): Promise<void> {
  const controllers = new Map(plan.sides.map((s) => [s.side, new AbortController()]));
  for (const s of plan.sides) setLiveText(plan.battleId, s.side, "");
  const outcomes = await Promise.all(
    plan.sides.map(async (side) => {
      try {
        const done = await runSide(plan, side, controllers.get(side.side)!.signal);
        return { side: side.side, ok: true as const, done };
      } catch (error) {
        // One failed side fails the battle: stop paying for the other one.
        for (const [label, controller] of controllers) {
          if (label !== side.side) controller.abort(new AnswerFailure("the other answer failed", undefined, { cascade: true }));
        }
        return { side: side.side, ok: false as const, error };
      }
    }),
  );
  if (!(await (plan.committed ?? true))) return;
  const failure = outcomes.find((o) => !o.ok && !(o.error instanceof AnswerFailure && o.error.cascade));
  const db = getDb();
  if (failure && !failure.ok) {
    const reason = failure.error instanceof AnswerFailure ? failure.error.publicMessage : "the model returned an error";
    await withDatabaseRetry(() =>
      db.battle.updateMany({
        where: { id: plan.battleId, status: { in: ["PENDING", "STREAMING"] } },
        data: { status: "FAILED", failureReason: `Model ${failure.side} could not answer: ${reason}.` },
      }),
    );
  } else if (outcomes.every((o) => o.ok)) {
    await withDatabaseRetry(() =>
      db.battle.updateMany({
        where: { id: plan.battleId, status: { in: ["PENDING", "STREAMING"] } },
        data: { status: "READY", readyAt: new Date() },
      }),
    );
  }
  publish(plan.battleId, { kind: "state" });

  // An LLM judge of citations, when configured, refines the heuristic labels after the battle is ready
  // (the labels are not shown before the vote, so nobody waits for this).
  if (getEnv().ATTRIBUTION_MODEL) {
    await Promise.all(
      outcomes.map(async (o) => {
        if (!o.ok || !o.done) return;
        const side = plan.sides.find((s) => s.side === o.side)!;
        await attributeWithModel(side.responseId, o.done.text, plan.references).catch((error) =>
          log.warn("LLM attribution failed; the heuristic labels stay", { battleId: plan.battleId, side: o.side, error: String((error as Error)?.message ?? error) }),
        );
      }),
    );
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Text released so far: whole words only, so chunk sizes do not depend on the provider. */
function releasable(visible: string, released: number, final: boolean): number {
  if (final) return visible.length;
  const lastSpace = Math.max(visible.lastIndexOf(" "), visible.lastIndexOf("\n"));
  return lastSpace + 1 > released ? lastSpace + 1 : released;
}

async function runSide(plan: BattlePlan, side: SidePlan, battleSignal: AbortSignal): Promise<{ text: string }> {
  const env = getEnv();
  const db = getDb();
  const started = Date.now();
  const stored = plan.committed ?? Promise.resolve(true);
  const normalizer = new AnswerNormalizer(plan.references.length);
  let raw = "";
  let visible = "";
  let released = 0;
  let firstTokenAt: number | undefined;
  let attempts = 0;
  let flushedRaw = -1;
  let flushedText = -1;
  // Every write waits for the battle's rows; the first one marks the answer as streaming.
  let flushing: Promise<unknown> = stored.then((ok) =>
    ok ? db.response.update({ where: { id: side.responseId }, data: { status: "STREAMING", startedAt: new Date(started) } }) : undefined,
  );
  let lastFlush = 0;

  const flush = () => {
    if (raw.length === flushedRaw && released === flushedText) return flushing;
    const snapshot = { rawText: raw, text: visible.slice(0, released) };
    // A failed write (the database hiccuped) must not stop the later ones.
    flushing = flushing.catch(() => {}).then(async () => {
      if (!(await stored)) return;
      await db.response.update({ where: { id: side.responseId }, data: snapshot });
      flushedRaw = snapshot.rawText.length;
      flushedText = snapshot.text.length;
    });
    return flushing;
  };

  const release = (final: boolean) => {
    const upTo = releasable(visible, released, final);
    if (upTo <= released) return;
    const offset = released;
    const text = visible.slice(offset, upTo);
    released = upTo;
    setLiveText(plan.battleId, side.side, visible.slice(0, released));
    publish(plan.battleId, { kind: "delta", side: side.side, offset, text });
  };

  const controller = new AbortController();
  const abort = (failure: unknown) => {
    if (!controller.signal.aborted) controller.abort(failure);
  };
  const onBattleAbort = () => abort(battleSignal.reason);
  battleSignal.addEventListener("abort", onBattleAbort, { once: true });
  void stored.then((ok) => ok || abort(new AnswerFailure(NOT_STORED, undefined, { cascade: true })));

  let resolved: ResolvedModel | undefined;
  let totalTimer: ReturnType<typeof setTimeout> | undefined;
  let usage: LanguageModelUsage | undefined;
  let finishReason: FinishReason | undefined;

  try {
    resolved = resolveModel(side.model, {
      demoTokenDelayMs: env.DEMO_MODEL_TOKEN_DELAY_MS,
      demoFirstTokenDelayMs: env.DEMO_MODEL_FIRST_TOKEN_DELAY_MS,
    });
    const totalMs = resolved.totalTimeoutMs ?? env.ANSWER_TOTAL_TIMEOUT_MS;
    const firstTokenMs = resolved.firstTokenTimeoutMs ?? env.ANSWER_FIRST_TOKEN_TIMEOUT_MS;
    totalTimer = setTimeout(() => abort(new AnswerFailure("the answer took too long")), totalMs);
    const limit = resolved.maxConcurrency ?? env.PROVIDER_MAX_CONCURRENCY;

    for (;;) {
      attempts++;
      const attempt = new AbortController();
      const onAbort = () => attempt.abort(controller.signal.reason);
      controller.signal.addEventListener("abort", onAbort, { once: true });
      let timer: ReturnType<typeof setTimeout> | undefined;
      let releaseSlot = () => {};
      try {
        if (resolved.endpoint !== DEMO_PROVIDER) releaseSlot = await providerLimiter().acquire(resolved.endpoint, limit, controller.signal);
        timer = setTimeout(() => attempt.abort(new AnswerFailure("no answer arrived in time")), firstTokenMs);
        const alive = () => {
          clearTimeout(timer);
          timer = setTimeout(() => attempt.abort(new AnswerFailure("the answer stalled")), env.ANSWER_STALL_TIMEOUT_MS);
        };
        const result = streamText({
          model: resolved.model,
          system: ANSWER_SYSTEM_PROMPT,
          prompt: buildAnswerPrompt(plan.question, plan.references),
          abortSignal: attempt.signal,
          maxRetries: 0,
          onError: () => {}, // errors arrive as stream parts below; the SDK would print them otherwise
          ...resolved.call,
        });
        for await (const part of result.fullStream) {
          if (part.type === "text-delta") {
            if (!part.text) continue;
            firstTokenAt ??= Date.now();
            alive();
            raw += part.text;
            visible += normalizer.push(part.text);
            release(false);
            if (Date.now() - lastFlush >= FLUSH_INTERVAL_MS) {
              lastFlush = Date.now();
              void flush();
            }
          } else if (part.type === "reasoning-delta") {
            alive(); // thinking counts as life, never as answer text: it is not stored or streamed
          } else if (part.type === "finish") {
            usage = part.totalUsage;
            finishReason = part.finishReason;
          } else if (part.type === "error") {
            throw part.error;
          } else if (part.type === "abort") {
            throw attempt.signal.reason ?? new AnswerFailure("the answer was cancelled");
          }
        }
        if (attempt.signal.aborted) throw attempt.signal.reason;
        break;
      } catch (error) {
        const failure = toFailure(attempt.signal.aborted ? attempt.signal.reason : error);
        const remaining = started + totalMs - Date.now();
        const delay = Math.min(BACKOFF_MAX_MS, failure.options.retryAfterMs ?? BACKOFF_BASE_MS * 2 ** (attempts - 1) * (0.8 + 0.4 * Math.random()));
        const retry = raw === "" && failure.options.retryable && attempts <= env.ANSWER_MAX_RETRIES && !controller.signal.aborted && delay < remaining;
        if (!retry) throw failure;
        log.info("retrying an answer before its first token", { battleId: plan.battleId, side: side.side, attempt: attempts, reason: failure.message });
        releaseSlot();
        releaseSlot = () => {};
        await sleep(delay, controller.signal);
      } finally {
        clearTimeout(timer);
        releaseSlot();
        controller.signal.removeEventListener("abort", onAbort);
      }
    }
    if (controller.signal.aborted) throw controller.signal.reason;

    visible += normalizer.end();
    release(true);
    if (!visible.trim()) throw new AnswerFailure("the answer was empty", `empty after normalization (${raw.length} raw characters)`);

    const citedNumbers = normalizer.cited;
    const support = new Map<number, CitationSupport>(
      lexicalAttribution(visible, plan.references, env.ATTRIBUTION_MIN_OVERLAP).map((s) => [s.n, s]),
    );
    const citations = citedNumbers.map((n) => {
      const ref = plan.references[n - 1];
      const label = support.get(n);
      return {
        n,
        paperId: ref.paperId,
        externalId: ref.externalId,
        title: ref.title,
        support: label?.support ?? "irrelevant",
        supportScore: label?.score ?? 0,
      };
    });
    const counts = countSupport(citations);
    const inputTokens = usage?.inputTokens ?? null;
    const outputTokens = usage?.outputTokens ?? null;
    const cost =
      inputTokens === null && outputTokens === null
        ? null
        : ((inputTokens ?? 0) * side.model.costPer1kIn + (outputTokens ?? 0) * side.model.costPer1kOut) / 1000;
    await flushing.catch(() => {});
    if (!(await stored)) throw new AnswerFailure(NOT_STORED, undefined, { cascade: true });
    // The database may be restarting: the finished answer waits for it rather than being lost.
    const doneAt = new Date();
    await withDatabaseRetry(() => db.response.update({
      where: { id: side.responseId },
      data: {
        status: "DONE",
        rawText: raw,
        text: visible,
        citations,
        droppedCitations: normalizer.dropped,
        supportingCitations: counts.supporting,
        irrelevantCitations: counts.irrelevant,
        attributionMethod: "lexical",
        finishReason: finishReason ?? null,
        inputTokens,
        outputTokens,
        reasoningTokens: usage?.outputTokenDetails?.reasoningTokens ?? null,
        costUsd: cost,
        attempts,
        firstTokenMs: firstTokenAt ? firstTokenAt - started : null,
        totalMs: doneAt.getTime() - started,
        finishedAt: doneAt,
      },
    }));
    publish(plan.battleId, { kind: "state" });
    return { text: visible };
  } catch (error) {
    const failure = toFailure(controller.signal.aborted ? controller.signal.reason : error);
    if (!failure.cascade) {
      log.warn("answer failed", {
        battleId: plan.battleId,
        side: side.side,
        model: side.model.slug,
        attempts,
        reason: failure.publicMessage,
        detail: failure.message,
      });
    }
    await flushing.catch(() => {});
    if (!(await stored)) throw failure;
    await withDatabaseRetry(() => db.response
      .update({
        where: { id: side.responseId },
        data: {
          status: "FAILED",
          rawText: raw,
          text: visible.slice(0, released),
          error: (failure.message === failure.publicMessage ? failure.message : `${failure.publicMessage}: ${failure.message}`).slice(0, 2000),
          attempts,
          firstTokenMs: firstTokenAt ? firstTokenAt - started : null,
          totalMs: Date.now() - started,
          finishedAt: new Date(),
        },
      }))
      .catch((e) => log.error("could not record a failed answer", { battleId: plan.battleId, error: String(e) }));
    publish(plan.battleId, { kind: "state" });
    throw failure;
  } finally {
    clearTimeout(totalTimer);
    battleSignal.removeEventListener("abort", onBattleAbort);
  }
}
