import type { CastVoteInput } from "@/lib/battles/schemas";
import type { PublicVote, RevealedModel } from "@/lib/battles/types";
import { newTimeOrderedId } from "@/lib/battles/ids";
import { getDb, getPool } from "@/lib/db";
import { preparedQuery } from "@/lib/db/prepared";
import { utcTimestamp } from "@/lib/db/utc-timestamp";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { countRequestsSql, enforceRateLimits, rateLimitWindows, type RateLimit } from "@/lib/rate-limit";
import { isReplaying } from "@/lib/reannotation/is-replaying";

export interface VoteResult {
  vote: PublicVote;
  models: RevealedModel[];
  /** True when this exact vote had already been recorded (a retry). */
  replayed: boolean;
}

// A vote is the platform's hottest write: two prepared statements (the rate-limit counters, then the vote itself) on
// the pg pool rather than a Prisma transaction of a dozen round trips. Both are single statements, so each is
// atomic on its own; the vote statement locks the battle row, so two concurrent votes cannot both pass.

const ISO_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** Counts the vote in the rate limits unless the battle already has one (a retry is answered even over the limit). */
const COUNT_VOTE_SQL = countRequestsSql("$2", "$3", `NOT EXISTS (SELECT 1 FROM "Vote" WHERE "battleId" = $1)`);

// $1 battle, $2 user, $3 choice, $4 reason, $5 new vote id, $6 now (UTC, no zone), $7 whether a re-annotation copy may be voted on.
const STORE_VOTE_SQL = `
WITH battle AS (
  SELECT id, status::text AS status, "createdById", "reannotationOfId", "createdAt", "readyAt", "modelAId", "modelBId"
    FROM "Battle" WHERE id = $1 FOR UPDATE
), prior AS (
  SELECT choice::text AS choice, reason, "createdAt" FROM "Vote" WHERE "battleId" = $1
), inserted AS (
  INSERT INTO "Vote" (id, "battleId", "userId", choice, reason, "msToVote", counted, "createdAt")
  SELECT $5, battle.id, $2, $3::"VoteChoice", $4,
         CASE WHEN battle."readyAt" IS NULL THEN NULL
              ELSE round(EXTRACT(EPOCH FROM ($6::timestamp(3) - battle."readyAt")) * 1000)::int END,
         -- A re-annotation copy measures agreement; its vote must not count twice in ratings or the dataset.
         battle."reannotationOfId" IS NULL,
         $6::timestamp(3)
    FROM battle
   WHERE battle."createdById" = $2 AND battle.status = 'READY' AND (battle."reannotationOfId" IS NULL OR $7::boolean)
     AND NOT EXISTS (SELECT 1 FROM prior)
  ON CONFLICT ("battleId") DO NOTHING
  RETURNING choice::text AS choice, reason, "createdAt"
), marked AS (
  UPDATE "Battle" SET status = 'VOTED', "updatedAt" = $6::timestamp(3) WHERE id = $1 AND EXISTS (SELECT 1 FROM inserted) RETURNING id
)
SELECT battle.status, battle."createdById" = $2 AS owned, battle."reannotationOfId" IS NOT NULL AS reannotation,
       to_char(battle."createdAt", ${ISO_UTC}) AS "createdAt",
       prior.choice AS "priorChoice", prior.reason AS "priorReason", to_char(prior."createdAt", ${ISO_UTC}) AS "priorAt",
       inserted.choice AS "newChoice", inserted.reason AS "newReason", to_char(inserted."createdAt", ${ISO_UTC}) AS "newAt",
       ma.slug AS "slugA", ma."displayName" AS "nameA", ma.organization AS "orgA",
       mb.slug AS "slugB", mb."displayName" AS "nameB", mb.organization AS "orgB"
  FROM battle
  JOIN "Model" ma ON ma.id = battle."modelAId"
  JOIN "Model" mb ON mb.id = battle."modelBId"
  LEFT JOIN prior ON TRUE
  LEFT JOIN inserted ON TRUE`;

interface StoreVoteRow {
  status: string;
  owned: boolean;
  reannotation: boolean;
  createdAt: string;
  priorChoice: PublicVote["choice"] | null;
  priorReason: string | null;
  priorAt: string | null;
  newChoice: PublicVote["choice"] | null;
  newReason: string | null;
  newAt: string | null;
  slugA: string;
  nameA: string;
  orgA: string;
  slugB: string;
  nameB: string;
  orgB: string;
}

function voteLimits(userId: string, clientIp: string | undefined): RateLimit[] {
  const env = getEnv();
  return [
    { key: `vote:user:${userId}`, limit: env.RATE_LIMIT_VOTES_PER_MINUTE, windowMs: 60_000, what: "votes" },
    // Daily cap per researcher (UTC day): a quality rule, not a load limit.
    { key: `vote:day:user:${userId}`, limit: env.DAILY_VOTE_CAP, windowMs: 24 * 60 * 60 * 1000, what: "votes today", per: "day (UTC)" },
    ...(clientIp
      ? [{ key: `vote:ip:${clientIp}`, limit: env.RATE_LIMIT_VOTES_PER_MINUTE_PER_IP, windowMs: 60_000, what: "votes from this network address" }]
      : []),
  ];
}

/**
 * Records the owner's vote once, only when both answers are done, and reveals the models.
 */
export async function castVote(
  battleId: string,
  userId: string,
  input: CastVoteInput,
  context: { clientIp?: string } = {},
): Promise<VoteResult> {
  const pool = getPool();
  const now = new Date();
  const limits = voteLimits(userId, context.clientIp);
  const counted = await pool.query<{ key: string; count: number | string }>(
    await preparedQuery(pool, "vote-count-limits", COUNT_VOTE_SQL, [battleId, limits.map((l) => l.key), rateLimitWindows(limits, now)]),
  );
  // No counter row came back: the battle already has a vote, so this is a retry (or a conflict), not a new vote.
  if (counted.rows.length > 0) enforceRateLimits(limits, counted.rows, now);

  const store = async (allowReannotation: boolean) =>
    (
      await pool.query<StoreVoteRow>(
        await preparedQuery(pool, "vote-store", STORE_VOTE_SQL, [
          battleId,
          userId,
          input.choice,
          input.reason,
          newTimeOrderedId(now.getTime()),
          utcTimestamp(now),
          allowReannotation,
        ]),
      )
    ).rows[0];

  let row = await store(false);
  if (!row || !row.owned) throw new AppError("not_found", "Battle not found.");
  if (row.reannotation && row.status === "READY" && !row.priorChoice && !row.newChoice) {
    // A re-annotation copy replays its answers for a while after creation; only then may it be voted on.
    if (await isReplaying(getDb(), battleId, new Date(row.createdAt))) throw new AppError("conflict", "Both answers must finish before you can vote.");
    row = await store(true);
    if (!row) throw new AppError("not_found", "Battle not found.");
  }

  const models: RevealedModel[] = [
    { side: "A", slug: row.slugA, displayName: row.nameA, organization: row.orgA },
    { side: "B", slug: row.slugB, displayName: row.nameB, organization: row.orgB },
  ];
  if (row.newChoice && row.newAt) {
    return { vote: { choice: row.newChoice, reason: row.newReason, createdAt: row.newAt }, models, replayed: false };
  }
  let prior = row.priorChoice && row.priorAt ? { choice: row.priorChoice, reason: row.priorReason, createdAt: row.priorAt } : null;
  if (!prior && (row.status === "VOTED" || row.status === "READY")) {
    // A concurrent vote committed while this statement waited for the battle's lock: read what it stored.
    const { rows } = await pool.query<{ choice: PublicVote["choice"]; reason: string | null; createdAt: string }>(
      `SELECT choice::text AS choice, reason, to_char("createdAt", ${ISO_UTC}) AS "createdAt" FROM "Vote" WHERE "battleId" = $1`,
      [battleId],
    );
    prior = rows[0] ?? null;
  }
  if (prior) {
    if (prior.choice !== input.choice) {
      throw new AppError("conflict", `This battle already has a vote (${prior.choice}); a vote cannot be changed.`);
    }
    return { vote: prior, models, replayed: true };
  }
  if (row.status === "PENDING" || row.status === "STREAMING") {
    throw new AppError("conflict", "Both answers must finish before you can vote.");
  }
  if (row.status === "FAILED") throw new AppError("conflict", "This battle failed, so it cannot be voted on. Start a new battle.");
  throw new Error(`battle ${battleId} (${row.status}) took no vote and has none`);
}
