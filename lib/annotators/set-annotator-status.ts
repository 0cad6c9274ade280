import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";

export type AnnotatorAction = "exclude" | "reinstate";

/**
 * An admin's decision on an annotator. "exclude" leaves all their votes out of ratings and the dataset;
 * "reinstate" lifts an exclusion and closes every active quality flag (their votes count again from the next
 * rating run and export; the anomaly test then looks only at votes cast after this moment).
 */
export async function setAnnotatorStatus(userId: string, action: AnnotatorAction, now = new Date()): Promise<{ excluded: boolean; activeFlags: number }> {
  const db = getDb();
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!user) throw new AppError("not_found", "User not found.");
    if (action === "exclude") {
      await tx.researcherProfile.upsert({ where: { userId }, create: { userId, excludedAt: now }, update: { excludedAt: now } });
    } else {
      await tx.researcherProfile.updateMany({ where: { userId }, data: { excludedAt: null } });
      await tx.annotatorFlag.updateMany({ where: { userId, reinstatedAt: null }, data: { reinstatedAt: now } });
    }
    const activeFlags = await tx.annotatorFlag.count({ where: { userId, reinstatedAt: null } });
    return { excluded: action === "exclude", activeFlags };
  });
}
