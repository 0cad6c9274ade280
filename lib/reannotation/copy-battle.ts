import { getDb } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * A copy of a voted battle for `userId` to judge again: same question, references and answers, ready to vote,
 * sides swapped when `swap` (so position cannot be remembered). Replayed through the usual stream, it looks like
 * any other battle; its vote is stored with counted = false (lib/votes/cast-vote.ts).
 */
export async function copyBattle(originalId: string, userId: string, swap: boolean): Promise<string> {
  return getDb().$transaction(async (tx) => {
    const original = await tx.battle.findUniqueOrThrow({ where: { id: originalId }, include: { responses: true } });
    const now = new Date();
    const copy = await tx.battle.create({
      data: {
        questionId: original.questionId,
        retrievalRunId: original.retrievalRunId,
        modelAId: swap ? original.modelBId : original.modelAId,
        modelBId: swap ? original.modelAId : original.modelBId,
        status: "READY",
        createdById: userId,
        readyAt: now,
        reannotationOfId: original.id,
      },
    });
    await tx.response.createMany({
      data: original.responses.map(({ side, citations, ...rest }) => ({
        ...rest,
        id: undefined,
        updatedAt: undefined,
        battleId: copy.id,
        side: swap ? (side === "A" ? "B" : "A") : side,
        citations: citations as Prisma.InputJsonValue,
      })),
    });
    return copy.id;
  });
}
