import { getDb, getPool } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { consumeRateLimit } from "@/lib/rate-limit";
import { hasQueryTerms, retrieveLocal } from "@/lib/retrieval/local-retriever";
import { toPublicReferences, loadReferences } from "./load-references";
import { startBattle } from "./run-battle";
import { samplePair } from "./sample-pair";
import type { CreateBattleInput } from "./schemas";
import type { PublicReference } from "./types";

export interface CreatedBattle {
  battleId: string;
  references: PublicReference[];
  /** True when the client key matched an existing battle (nothing new was created). */
  replayed: boolean;
}

/**
 * Stores the question, retrieves the reference list, draws two distinct active models on random sides
 * and starts both answers. The reply carries no model identity.
 */
export async function createBattle(userId: string, input: CreateBattleInput): Promise<CreatedBattle> {
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
  const paperCount = await db.paper.count({ take: 1 });
  if (paperCount === 0) {
    throw new AppError("unavailable", "The paper corpus is empty. An operator must load papers first: npm run ingest -- <papers.jsonl>.");
  }
  await consumeRateLimit({
    key: `battle:user:${userId}`,
    limit: env.RATE_LIMIT_BATTLES_PER_HOUR,
    windowMs: 60 * 60 * 1000,
    what: "new battles",
  });

  const retrieval = await retrieveLocal(pool, input.question, {
    topN: env.RETRIEVAL_TOP_N,
    maxPassages: env.RETRIEVAL_MAX_PASSAGES,
  });
  if (retrieval.references.length === 0) {
    throw new AppError("unprocessable", "No paper in the corpus matches this question. Try different or more general terms.", {
      fields: [{ field: "question", message: "no matching papers" }],
    });
  }

  const models = await db.model.findMany({ where: { active: true }, orderBy: { slug: "asc" } });
  if (models.length < 2) {
    throw new AppError("unavailable", "Fewer than two models are active, so no battle can start. An operator must activate models.");
  }
  const pair = samplePair(models);

  const created = await db.$transaction(async (tx) => {
    const question = await tx.question.create({
      data: { userId, text: input.question, discipline: input.discipline },
    });
    const run = await tx.retrievalRun.create({
      data: {
        questionId: question.id,
        backend: retrieval.backend,
        query: retrieval.query,
        rewrittenQueries: retrieval.queries,
        filters: retrieval.filters as object,
        timings: retrieval.timings,
        items: {
          create: retrieval.references.flatMap((r) =>
            r.passages.map((p) => ({ refNumber: r.n, paperId: r.paperId, passageId: p.passageId, score: p.score, text: p.text, rank: 0 })),
          ).map((item, index) => ({ ...item, rank: index + 1 })),
        },
      },
    });
    const battle = await tx.battle.create({
      data: {
        questionId: question.id,
        retrievalRunId: run.id,
        modelAId: pair.a.id,
        modelBId: pair.b.id,
        createdById: userId,
        clientKey: input.clientKey ?? null,
        status: "STREAMING",
        responses: {
          create: [
            { side: "A", modelId: pair.a.id },
            { side: "B", modelId: pair.b.id },
          ],
        },
      },
      include: { responses: { select: { id: true, side: true } } },
    });
    return battle;
  }).catch(async (error: unknown) => {
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

  const responseId = (side: "A" | "B") => created.responses.find((r) => r.side === side)!.id;
  void startBattle({
    battleId: created.id,
    question: input.question,
    references: retrieval.references,
    sides: [
      { side: "A", responseId: responseId("A"), model: pair.a },
      { side: "B", responseId: responseId("B"), model: pair.b },
    ],
  }).catch(() => {});

  return { battleId: created.id, references: toPublicReferences(retrieval.references), replayed: false };
}
