import { streamText } from "ai";
import { checkCitations } from "@/lib/ai/citations";
import { ANSWER_SYSTEM_PROMPT, buildAnswerPrompt } from "@/lib/ai/prompt";
import { resolveLanguageModel, type ModelRecord } from "@/lib/ai/registry";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import type { Reference } from "@/lib/retrieval/types";
import { clearLive, publish, setLiveText } from "./bus";
import type { SideLabel } from "./types";

// Answer generation runs detached from any HTTP request: both sides stream concurrently, deltas go to
// open SSE streams through the in-process bus at once and to the database in small batches, so a
// closed tab or a reload never loses an answer.

const FLUSH_INTERVAL_MS = 150;

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
}

class AnswerFailure extends Error {
  constructor(
    readonly publicMessage: string,
    detail?: string,
    /** This side was stopped because the other one failed. */
    readonly cascade = false,
  ) {
    super(detail ?? publicMessage);
  }
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

export function waitForBattle(battleId: string): Promise<void> {
  return running.get(battleId) ?? Promise.resolve();
}

async function runBattle(plan: BattlePlan): Promise<void> {
  const controllers = new Map(plan.sides.map((s) => [s.side, new AbortController()]));
  for (const s of plan.sides) setLiveText(plan.battleId, s.side, "");
  const outcomes = await Promise.all(
    plan.sides.map(async (side) => {
      try {
        await runSide(plan, side, controllers.get(side.side)!.signal);
        return { side: side.side, ok: true as const };
      } catch (error) {
        // One failed side fails the battle: stop paying for the other one.
        for (const [label, controller] of controllers) {
          if (label !== side.side) controller.abort(new AnswerFailure("the other answer failed", undefined, true));
        }
        return { side: side.side, ok: false as const, error };
      }
    }),
  );
  const failure = outcomes.find((o) => !o.ok && !(o.error instanceof AnswerFailure && o.error.cascade));
  const db = getDb();
  if (failure && !failure.ok) {
    const reason =
      failure.error instanceof AnswerFailure ? failure.error.publicMessage : "the model returned an error";
    await db.battle.updateMany({
      where: { id: plan.battleId, status: { in: ["PENDING", "STREAMING"] } },
      data: { status: "FAILED", failureReason: `Model ${failure.side} could not answer: ${reason}.` },
    });
  } else if (outcomes.every((o) => o.ok)) {
    await db.battle.updateMany({
      where: { id: plan.battleId, status: { in: ["PENDING", "STREAMING"] } },
      data: { status: "READY", readyAt: new Date() },
    });
  }
  publish(plan.battleId, { kind: "state" });
}

async function runSide(plan: BattlePlan, side: SidePlan, signal: AbortSignal): Promise<void> {
  const env = getEnv();
  const db = getDb();
  const started = Date.now();
  let raw = "";
  let firstTokenAt: number | undefined;
  let flushedLength = 0;
  let flushing: Promise<unknown> = Promise.resolve();
  let lastFlush = 0;

  const flush = () => {
    if (raw.length === flushedLength) return flushing;
    const snapshot = raw;
    flushing = flushing.then(() =>
      db.response
        .update({ where: { id: side.responseId }, data: { rawText: snapshot } })
        .then(() => {
          flushedLength = snapshot.length;
        }),
    );
    return flushing;
  };

  const controller = new AbortController();
  const abort = (failure: AnswerFailure) => controller.abort(failure);
  signal.addEventListener("abort", () => abort(signal.reason), { once: true });
  let stallTimer = setTimeout(() => abort(new AnswerFailure("no answer arrived in time")), env.ANSWER_STALL_TIMEOUT_MS);
  const totalTimer = setTimeout(() => abort(new AnswerFailure("the answer took too long")), env.ANSWER_TOTAL_TIMEOUT_MS);

  try {
    await db.response.update({ where: { id: side.responseId }, data: { status: "STREAMING", startedAt: new Date() } });
    const model = resolveLanguageModel(side.model, {
      demoTokenDelayMs: env.DEMO_MODEL_TOKEN_DELAY_MS,
      demoFirstTokenDelayMs: env.DEMO_MODEL_FIRST_TOKEN_DELAY_MS,
    });
    const result = streamText({
      model,
      system: ANSWER_SYSTEM_PROMPT,
      prompt: buildAnswerPrompt(plan.question, plan.references),
      abortSignal: controller.signal,
      maxRetries: 0,
    });
    for await (const part of result.fullStream) {
      if (part.type === "text-delta" && part.text) {
        firstTokenAt ??= Date.now();
        const offset = raw.length;
        raw += part.text;
        setLiveText(plan.battleId, side.side, raw);
        publish(plan.battleId, { kind: "delta", side: side.side, offset, text: part.text });
        clearTimeout(stallTimer);
        stallTimer = setTimeout(() => abort(new AnswerFailure("the answer stalled")), env.ANSWER_STALL_TIMEOUT_MS);
        if (Date.now() - lastFlush >= FLUSH_INTERVAL_MS) {
          lastFlush = Date.now();
          void flush();
        }
      } else if (part.type === "error") {
        throw part.error;
      } else if (part.type === "abort") {
        throw controller.signal.reason ?? new AnswerFailure("the answer was cancelled");
      }
    }
    if (controller.signal.aborted) throw controller.signal.reason;
    if (!raw.trim()) throw new AnswerFailure("the answer was empty");

    const usage = await result.totalUsage;
    const finishReason = await result.finishReason;
    const check = checkCitations(raw, plan.references.length);
    const citations = check.cited.map((n) => {
      const ref = plan.references[n - 1];
      return { n, paperId: ref.paperId, externalId: ref.externalId, title: ref.title };
    });
    const inputTokens = usage.inputTokens ?? null;
    const outputTokens = usage.outputTokens ?? null;
    const cost =
      ((inputTokens ?? 0) * side.model.costPer1kIn + (outputTokens ?? 0) * side.model.costPer1kOut) / 1000;
    await flushing;
    await db.response.update({
      where: { id: side.responseId },
      data: {
        status: "DONE",
        rawText: raw,
        text: check.text.trim(),
        citations,
        droppedCitations: check.dropped,
        finishReason,
        inputTokens,
        outputTokens,
        costUsd: cost,
        firstTokenMs: firstTokenAt ? firstTokenAt - started : null,
        totalMs: Date.now() - started,
        finishedAt: new Date(),
      },
    });
    publish(plan.battleId, { kind: "state" });
  } catch (error) {
    const cause = controller.signal.aborted ? controller.signal.reason : error;
    const failure =
      cause instanceof AnswerFailure ? cause : new AnswerFailure("the model returned an error", String((cause as Error)?.message ?? cause));
    if (!failure.cascade) {
      log.warn("answer failed", { battleId: plan.battleId, side: side.side, reason: failure.message });
    }
    await flushing.catch(() => {});
    await db.response
      .update({
        where: { id: side.responseId },
        data: {
          status: "FAILED",
          rawText: raw,
          error: failure.message.slice(0, 2000),
          totalMs: Date.now() - started,
          finishedAt: new Date(),
        },
      })
      .catch((e) => log.error("could not record a failed answer", { battleId: plan.battleId, error: String(e) }));
    publish(plan.battleId, { kind: "state" });
    throw failure;
  } finally {
    clearTimeout(stallTimer);
    clearTimeout(totalTimer);
  }
}
