import { getDb } from "@/lib/db";
import { copyBattle } from "./copy-battle";
import { pickOriginal, type ReannotationKind } from "./pick-original";

export interface ReannotationSettings {
  rate: number;
  minDays: number;
  /** Uniform [0, 1) numbers; injectable so tests decide the draws. */
  random?: () => number;
}

/**
 * With probability `rate`, an earlier battle for this researcher to judge again (its copy's id), else null.
 * Own and others' battles are tried in random order; the other kind is the fallback when one has no candidate.
 */
export async function nextReannotation(userId: string, settings: ReannotationSettings): Promise<{ battleId: string; kind: ReannotationKind } | null> {
  const random = settings.random ?? Math.random;
  if (!(random() < settings.rate)) return null;
  const profile = await getDb().researcherProfile.findUnique({ where: { userId }, select: { discipline: true } });
  const order: ReannotationKind[] = random() < 0.5 ? ["self", "other"] : ["other", "self"];
  for (const kind of order) {
    const originalId = await pickOriginal(userId, kind, { minDays: settings.minDays, discipline: profile?.discipline ?? null });
    if (originalId) return { battleId: await copyBattle(originalId, userId, random() < 0.5), kind };
  }
  return null;
}
