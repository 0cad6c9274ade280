import { getDb, getPool } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { moderateQuestion, refusalMessage } from "@/lib/moderation/moderate";
import { classifyQuestion, refineClassificationInBackground } from "@/lib/questions/classify";
import { consumeRateLimit } from "@/lib/rate-limit";
import { hasQueryTerms } from "@/lib/retrieval/local-retriever";
import { chooseBackend, retrieve } from "@/lib/retrieval/retrieve";
import { toPublicReferences, loadReferences } from "./load-references";
import { newId } from "./ids";
import { notePairing, pairCounts } from "./pair-counts";
import { startBattle } from "./run-battle";
import { pairKey, samplePair } from "./sample-pair";
import type { CreateBattleInput } from "./schemas";
import type { PublicReference } from "./types";

export interface CreatedBattle {
  battleId: string;
  references: PublicReference[];
  /** True when the client key matched an existing battle (nothing new was created). */
  replayed: boolean;
}

/**
 * Moderates and stores the question (with its discipline and category), retrieves the reference list,
 * draws two distinct active models on random sides and starts both answers. The reply carries no model
 * identity. A flagged question is refused, and stored as FLAGGED: the one refusal that writes a row.
 */
export async function createBattle(
  userId: string,
  input: CreateBattleInput,
  context: { clientIp?: string } = {},
): Promise<CreatedBattle> {
  const db = getDb();
  const env = getEnv();

  if (input.clientKey) {
    const existing = await db.battle.findUnique({
      where: { createdById_clientKey: { createdById: userId, clientKey: input.clientKey } },
      select: { id: true, retrievalRunId: true },
    });
    if (existing) {
      return {
        battleId: existing.id,
        references: toPublicReferences(await loadReferences(db, existing.retrievalRunId)),
        replayed: true,
      };
    }
  }

  const pool = getPool();
  if (!(await hasQueryTerms(pool, input.question))) {
    throw new AppError("unprocessable", "The question has no searchable words; please ask it in words, not only symbols or stop words.", {
      fields: [{ field: "question", message: "no searchable words" }],
    });
  }
  const backend = await chooseBackend(pool);
  if (backend === "local" && (await db.paper.count({ take: 1 })) === 0) {
    throw new AppError("unavailable", "The paper corpus is empty. An operator must load papers first: npm run ingest -- <papers.jsonl>.");
  }
  await consumeRateLimit({
    key: `battle:user:${userId}`,
    limit: env.RATE_LIMIT_BATTLES_PER_HOUR,
    windowMs: 60 * 60 * 1000,
    what: "new battles",
  });
  if (context.clientIp) {
    await consumeRateLimit({
      key: `battle:ip:${context.clientIp}`,
      limit: env.RATE_LIMIT_BATTLES_PER_HOUR_PER_IP,
      windowMs: 60 * 60 * 1000,
      what: "new battles from this network address",
    });
  }

  // Moderation runs while the corpus is searched; a flagged question is refused before anything else.
  const moderation = moderateQuestion(input.question);
  moderation.catch(() => {});
  const retrieval = await retrieve(pool, input.question, { backend }).catch(async (error: unknown) => {
    // A flagged question is refused as such even when the search failed too.
    await refuseIfFlagged(userId, input, await moderation);
    throw error;
  });
  await refuseIfFlagged(userId, input, await moderation);
  if (retrieval.references.length === 0) {
    throw new AppError("unprocessable", "No paper in the corpus matches this question. Try different or more general terms.", {
      fields: [{ field: "question", message: "no matching papers" }],
    });
  }

  const models = await db.model.findMany({ where: { active: true, weight: { gt: 0 } }, orderBy: { slug: "asc" } });
  if (models.length < 2) {
    throw new AppError("unavailable", "Fewer than two models are active, so no battle can start. An operator must activate models.");
  }
  const counts = env.PAIRING_MODE === "balanced" ? await pairCounts() : null;
  const pair = samplePair(models, Math.random, {
    mode: env.PAIRING_MODE,
    weight: (m) => m.weight,
    pairCount: counts ? (x, y) => counts.get(pairKey(x.id, y.id)) ?? 0 : undefined,
  });
  const classification = classifyQuestion(input.question, input.discipline);

  // Both answers start now, while the battle is being stored: the providers' time to first token
  // overlaps the transaction. Generation writes nothing until the transaction has committed, and stops
  // (writing nothing) if it does not.
  const battleId = newId();
  const responseIds = { A: newId(), B: newId() };
  let commit!: (committed: boolean) => void;
  const committed = new Promise<boolean>((resolve) => (commit = resolve));
  void startBattle({
    battleId,
    question: input.question,
    references: retrieval.references,
    committed,
    sides: [
      { side: "A", responseId: responseIds.A, model: pair.a },
      { side: "B", responseId: responseIds.B, model: pair.b },
    ],
  }).catch(() => {});

  const created = await db.$transaction(async (tx) => {
    const question = await tx.question.create({
      data: {
        userId,
        text: input.question,
        discipline: classification.discipline,
        subfield: classification.subfield,
        category: classification.category,
        classifiedBy: classification.classifiedBy,
      },
    });
    const run = await tx.retrievalRun.create({
      data: {
        questionId: question.id,
        backend: retrieval.backend,
        query: retrieval.query,
        rewrittenQueries: retrieval.queries,
        filters: retrieval.filters as object,
        timings: retrieval.timings,
        understoodBy: retrieval.understoodBy,
        reranker: retrieval.reranker,
        notice: retrieval.notice ?? null,
        items: {
          create: retrieval.references.flatMap((r) =>
            r.passages.map((p) => ({ refNumber: r.n, paperId: r.paperId, passageId: p.passageId, score: p.score, text: p.text, rank: 0 })),
          ).map((item, index) => ({ ...item, rank: index + 1 })),
        },
      },
    });
    const battle = await tx.battle.create({
      data: {
        id: battleId,
        questionId: question.id,
        retrievalRunId: run.id,
        modelAId: pair.a.id,
        modelBId: pair.b.id,
        createdById: userId,
        clientKey: input.clientKey ?? null,
        status: "STREAMING",
        responses: {
          create: [
            { id: responseIds.A, side: "A", modelId: pair.a.id },
            { id: responseIds.B, side: "B", modelId: pair.b.id },
          ],
        },
      },
      select: { id: true },
    });
    return { ...battle, questionId: question.id };
  }).catch(async (error: unknown) => {
    commit(false);
    // Two requests with the same client key raced: the loser returns the winner's battle.
    if (input.clientKey && (error as { code?: string }).code === "P2002") {
      const winner = await db.battle.findUnique({
        where: { createdById_clientKey: { createdById: userId, clientKey: input.clientKey } },
        select: { id: true },
      });
      if (winner) return { ...winner, replay: true as const };
    }
    throw error;
  });

  if ("replay" in created) {
    const existing = await db.battle.findUniqueOrThrow({ where: { id: created.id }, select: { retrievalRunId: true } });
    return { battleId: created.id, references: toPublicReferences(await loadReferences(db, existing.retrievalRunId)), replayed: true };
  }

  commit(true);
  notePairing(pair.a.id, pair.b.id);
  refineClassificationInBackground(created.questionId, input.question, input.discipline);
  return { battleId: created.id, references: toPublicReferences(retrieval.references), replayed: false };
}

/** Refuses a flagged question with a clear 422, storing it once as FLAGGED for moderators. */
async function refuseIfFlagged(userId: string, input: CreateBattleInput, moderation: Awaited<ReturnType<typeof moderateQuestion>>) {
  if (!moderation.flagged) return;
  const db = getDb();
  const reason = `${moderation.source}: ${moderation.categories.join(", ") || "flagged"}`;
  // A repeated submission (a retry, the same client key) does not pile up rows.
  const recent = await db.question.findFirst({
    where: { userId, text: input.question, moderationStatus: "FLAGGED", createdAt: { gt: new Date(Date.now() - 60 * 60 * 1000) } },
    select: { id: true },
  });
  if (!recent) {
    await db.question.create({
      data: { userId, text: input.question, discipline: input.discipline, moderationStatus: "FLAGGED", moderationReason: reason },
    });
  }
  throw new AppError("unprocessable", refusalMessage(moderation), {
    fields: [{ field: "question", message: `flagged by moderation (${moderation.categories.join(", ") || "content"})` }],
  });
}
