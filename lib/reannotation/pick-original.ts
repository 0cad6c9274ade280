import { getDb } from "@/lib/db";

export type ReannotationKind = "self" | "other";

/**
 * An earlier voted battle to show a researcher again: their own, voted at least `minDays` ago (self-consistency),
 * or another researcher's in the same discipline (inter-annotator agreement). Never a copy, a hidden or flagged
 * question, or a battle this researcher has already been shown again. Random among the candidates.
 */
export async function pickOriginal(userId: string, kind: ReannotationKind, options: { minDays: number; discipline: string | null; now?: Date }): Promise<string | null> {
  const db = getDb();
  const cutoff = new Date((options.now ?? new Date()).getTime() - options.minDays * 24 * 60 * 60 * 1000);
  if (kind === "other" && !options.discipline) return null;
  const rows =
    kind === "self"
      ? await db.$queryRaw<{ id: string }[]>`
          SELECT b.id FROM "Battle" b
          JOIN "Vote" v ON v."battleId" = b.id
          JOIN "Question" q ON q.id = b."questionId"
          WHERE b."createdById" = ${userId} AND b.status = 'VOTED' AND b."reannotationOfId" IS NULL
            AND v."createdAt" <= ${cutoff} AND q."moderationStatus" = 'ALLOWED'
            AND NOT EXISTS (SELECT 1 FROM "Battle" r WHERE r."reannotationOfId" = b.id AND r."createdById" = ${userId})
          ORDER BY random() LIMIT 1`
      : await db.$queryRaw<{ id: string }[]>`
          SELECT b.id FROM "Battle" b
          JOIN "Question" q ON q.id = b."questionId"
          WHERE b."createdById" <> ${userId} AND b.status = 'VOTED' AND b."reannotationOfId" IS NULL
            AND q.discipline = ${options.discipline} AND q."moderationStatus" = 'ALLOWED'
            AND NOT EXISTS (SELECT 1 FROM "Battle" r WHERE r."reannotationOfId" = b.id AND r."createdById" = ${userId})
          ORDER BY random() LIMIT 1`;
  return rows[0]?.id ?? null;
}
