import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { runningBattleIds } from "./run-battle";

// A battle must never stay "streaming" forever. Its generator ends every answer within
// ANSWER_TOTAL_TIMEOUT_MS, so a battle still streaming well after that lost its generator (a crashed or
// restarted process, on this or another instance). With a single instance, one created before this
// process started was interrupted by the restart and is failed at once.

const GRACE_MS = 30_000;
const processStartedAt = new Date();
export const INTERRUPTED_REASON = "Answer generation was interrupted (the server restarted). Please start a new battle.";

export async function failAbandonedBattles(options: { battleId?: string; now?: Date } = {}): Promise<string[]> {
  const env = getEnv();
  const now = options.now ?? new Date();
  const timedOut = new Date(now.getTime() - env.ANSWER_TOTAL_TIMEOUT_MS - GRACE_MS);
  const cutoff = env.SINGLE_INSTANCE && processStartedAt > timedOut ? processStartedAt : timedOut;
  const runningHere = runningBattleIds();
  const db = getDb();
  const abandoned = await db.battle.findMany({
    where: {
      status: { in: ["PENDING", "STREAMING"] },
      createdAt: { lt: cutoff },
      id: options.battleId ?? { notIn: runningHere },
    },
    select: { id: true },
    take: 500,
  });
  const ids = abandoned.map((b) => b.id).filter((id) => !runningHere.includes(id));
  if (ids.length === 0) return [];
  await db.$transaction([
    db.battle.updateMany({
      where: { id: { in: ids }, status: { in: ["PENDING", "STREAMING"] } },
      data: { status: "FAILED", failureReason: INTERRUPTED_REASON },
    }),
    db.response.updateMany({
      where: { battleId: { in: ids }, status: { in: ["PENDING", "STREAMING"] } },
      data: { status: "FAILED", error: "interrupted: the generating process went away" },
    }),
  ]);
  log.warn("failed abandoned battles", { count: ids.length });
  return ids;
}
