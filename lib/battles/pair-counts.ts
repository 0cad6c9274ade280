import { getDb } from "@/lib/db";
import { pairKey } from "./sample-pair";

// Battles per unordered model pair, for balanced pairing. One GROUP BY over the battles (not failed),
// cached for a short while in this process and bumped locally for every new battle, so that creating a
// battle costs no full count. Several instances each keep their own cache; the counts are only a
// preference, exactness does not matter.

const CACHE_MS = 30_000;

const holder = globalThis as unknown as { __arenaPairCounts?: { at: number; counts: Map<string, number> } };

export async function pairCounts(): Promise<Map<string, number>> {
  const cached = holder.__arenaPairCounts;
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.counts;
  const rows = await getDb().battle.groupBy({
    by: ["modelAId", "modelBId"],
    where: { status: { not: "FAILED" } },
    _count: { _all: true },
  });
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = pairKey(row.modelAId, row.modelBId);
    counts.set(key, (counts.get(key) ?? 0) + row._count._all);
  }
  holder.__arenaPairCounts = { at: Date.now(), counts };
  return counts;
}

/** Counts a new battle in the cached counts (if any). */
export function notePairing(modelAId: string, modelBId: string): void {
  const counts = holder.__arenaPairCounts?.counts;
  if (counts) counts.set(pairKey(modelAId, modelBId), (counts.get(pairKey(modelAId, modelBId)) ?? 0) + 1);
}

/** Forgets the cached counts (tests). */
export function resetPairCounts(): void {
  holder.__arenaPairCounts = undefined;
}
