import { getDb } from "@/lib/db";

export interface QueuedQuestion {
  id: string;
  text: string;
  discipline: string | null;
  status: "allowed" | "flagged" | "hidden";
  reason: string | null;
  createdAt: string;
  battles: number;
}

/** Questions the filter flagged first, then the newest others; hidden ones are listed so they can be restored. */
export async function moderationQueue(limit = 50): Promise<QueuedQuestion[]> {
  const db = getDb();
  const select = { id: true, text: true, discipline: true, moderationStatus: true, moderationReason: true, createdAt: true, _count: { select: { battles: true } } } as const;
  const [flagged, recent] = await Promise.all([
    db.question.findMany({ where: { moderationStatus: "FLAGGED" }, orderBy: { createdAt: "desc" }, take: limit, select }),
    db.question.findMany({ where: { moderationStatus: { not: "FLAGGED" } }, orderBy: { createdAt: "desc" }, take: limit, select }),
  ]);
  return [...flagged, ...recent].map((q) => ({
    id: q.id,
    text: q.text,
    discipline: q.discipline,
    status: q.moderationStatus.toLowerCase() as QueuedQuestion["status"],
    reason: q.moderationReason,
    createdAt: q.createdAt.toISOString(),
    battles: q._count.battles,
  }));
}
