import { revealModels } from "@/lib/battles/get-battle";
import type { CastVoteInput } from "@/lib/battles/schemas";
import type { PublicVote, RevealedModel } from "@/lib/battles/types";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { consumeRateLimits } from "@/lib/rate-limit";
import { isReplaying } from "@/lib/reannotation/is-replaying";

export interface VoteResult {
  vote: PublicVote;
  models: RevealedModel[];
  /** True when this exact vote had already been recorded (a retry). */
  replayed: boolean;
}

/**
 * Records the owner's vote once, only when both answers are done, and reveals the models. The battle
 * row is locked for the check-and-insert so two concurrent votes cannot both pass.
 */
export async function castVote(
  battleId: string,
  userId: string,
  input: CastVoteInput,
  context: { clientIp?: string } = {},
): Promise<VoteResult> {
  const db = getDb();
  const env = getEnv();
  // A retry of a recorded vote is answered even over the limit; only new votes count.
  const alreadyVoted = await db.vote.findUnique({ where: { battleId }, select: { id: true } });
  if (!alreadyVoted) {
    await consumeRateLimits([
      { key: `vote:user:${userId}`, limit: env.RATE_LIMIT_VOTES_PER_MINUTE, windowMs: 60_000, what: "votes" },
      // Daily cap per researcher (UTC day): a quality rule, not a load limit.
      { key: `vote:day:user:${userId}`, limit: env.DAILY_VOTE_CAP, windowMs: 24 * 60 * 60 * 1000, what: "votes today", per: "day (UTC)" },
      ...(context.clientIp
        ? [{ key: `vote:ip:${context.clientIp}`, limit: env.RATE_LIMIT_VOTES_PER_MINUTE_PER_IP, windowMs: 60_000, what: "votes from this network address" }]
        : []),
    ]);
  }
  const outcome = await db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Battle" WHERE id = ${battleId} FOR UPDATE`;
    if (locked.length === 0) throw new AppError("not_found", "Battle not found.");
    const battle = await tx.battle.findUniqueOrThrow({
      where: { id: battleId },
      include: {
        vote: true,
        modelA: { select: { slug: true, displayName: true, organization: true } },
        modelB: { select: { slug: true, displayName: true, organization: true } },
      },
    });
    if (battle.createdById !== userId) throw new AppError("not_found", "Battle not found.");
    if (battle.vote) {
      if (battle.vote.choice !== input.choice) {
        throw new AppError("conflict", `This battle already has a vote (${battle.vote.choice}); a vote cannot be changed.`);
      }
      return { battle, vote: battle.vote, replayed: true };
    }
    const replaying = battle.status === "READY" && battle.reannotationOfId !== null && (await isReplaying(tx, battleId, battle.createdAt));
    if (battle.status === "PENDING" || battle.status === "STREAMING" || replaying) {
      throw new AppError("conflict", "Both answers must finish before you can vote.");
    }
    if (battle.status === "FAILED") {
      throw new AppError("conflict", "This battle failed, so it cannot be voted on. Start a new battle.");
    }
    const vote = await tx.vote.create({
      data: {
        battleId,
        userId,
        choice: input.choice,
        reason: input.reason,
        msToVote: battle.readyAt ? Date.now() - battle.readyAt.getTime() : null,
        // A re-annotation copy measures agreement; its vote must not count twice in ratings or the dataset.
        counted: battle.reannotationOfId === null,
      },
    });
    await tx.battle.update({ where: { id: battleId }, data: { status: "VOTED" } });
    return { battle, vote, replayed: false };
  });
  return {
    vote: { choice: outcome.vote.choice, reason: outcome.vote.reason, createdAt: outcome.vote.createdAt.toISOString() },
    models: revealModels(outcome.battle),
    replayed: outcome.replayed,
  };
}
