import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
// A re-annotation copy looks like a battle still being answered until its replay has finished.
import { isReplaying } from "@/lib/reannotation/is-replaying";
import { loadReferences, toPublicReferences } from "./load-references";
import type { PublicReference, PublicVote, RevealedModel } from "./types";

export type PublicBattleStatus = "streaming" | "ready" | "failed" | "voted";

export interface BattleView {
  id: string;
  question: string;
  discipline: string | null;
  status: PublicBattleStatus;
  failureReason: string | null;
  references: PublicReference[];
  /** What the researcher should know about the literature search (a backend fallback, dropped filters). */
  searchNotice: string | null;
  createdAt: string;
  vote: PublicVote | null;
  /** Present only once the battle is voted. */
  models: RevealedModel[] | null;
}

const STATUS: Record<string, PublicBattleStatus> = {
  PENDING: "streaming",
  STREAMING: "streaming",
  READY: "ready",
  FAILED: "failed",
  VOTED: "voted",
};

/** Loads a battle for its owner; anyone else gets the same 404 as for a battle that does not exist. */
export async function requireOwnedBattle(battleId: string, userId: string) {
  const battle = await getDb().battle.findUnique({
    where: { id: battleId },
    include: {
      question: { select: { text: true, discipline: true } },
      vote: true,
      modelA: { select: { slug: true, displayName: true, organization: true } },
      modelB: { select: { slug: true, displayName: true, organization: true } },
    },
  });
  if (!battle || battle.createdById !== userId) throw new AppError("not_found", "Battle not found.");
  return battle;
}

export function revealModels(battle: {
  modelA: { slug: string; displayName: string; organization: string };
  modelB: { slug: string; displayName: string; organization: string };
}): RevealedModel[] {
  return [
    { side: "A", ...battle.modelA },
    { side: "B", ...battle.modelB },
  ];
}

export async function getBattleView(battleId: string, userId: string): Promise<BattleView> {
  const battle = await requireOwnedBattle(battleId, userId);
  const voted = battle.status === "VOTED" && battle.vote !== null;
  return {
    id: battle.id,
    question: battle.question.text,
    discipline: battle.question.discipline,
    status: battle.status === "READY" && battle.reannotationOfId && (await isReplaying(getDb(), battle.id, battle.createdAt)) ? "streaming" : STATUS[battle.status],
    failureReason: battle.failureReason,
    references: toPublicReferences(await loadReferences(getDb(), battle.retrievalRunId)),
    searchNotice: (await getDb().retrievalRun.findUnique({ where: { id: battle.retrievalRunId }, select: { notice: true } }))?.notice ?? null,
    createdAt: battle.createdAt.toISOString(),
    vote: battle.vote
      ? { choice: battle.vote.choice, reason: battle.vote.reason, createdAt: battle.vote.createdAt.toISOString() }
      : null,
    models: voted ? revealModels(battle) : null,
  };
}
