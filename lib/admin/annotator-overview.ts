import { computeAgreement } from "@/lib/annotators/compute-agreement";
import { getDb } from "@/lib/db";
import type { Agreement } from "@/lib/quality/agreement";

export interface AnnotatorRow {
  userId: string;
  name: string | null;
  email: string | null;
  discipline: string | null;
  role: "researcher" | "admin";
  votes: number;
  lastVoteAt: string | null;
  datasetConsent: boolean;
  excluded: boolean;
  activeFlags: { test: string; pValue: number; statistic: number | null; flaggedAt: string }[];
  /** Agreement of this researcher's re-annotations with the original votes. */
  agreement: Agreement | null;
}

/** Everyone who voted, flagged annotators first, then by number of votes. */
export async function annotatorOverview(limit = 200): Promise<{ annotators: AnnotatorRow[]; agreement: Awaited<ReturnType<typeof computeAgreement>> }> {
  const db = getDb();
  const [counts, agreement] = await Promise.all([
    db.vote.groupBy({ by: ["userId"], _count: { _all: true }, _max: { createdAt: true }, orderBy: { _count: { userId: "desc" } }, take: limit }),
    computeAgreement(),
  ]);
  const flaggedUsers = await db.annotatorFlag.findMany({ where: { reinstatedAt: null }, select: { userId: true } });
  const ids = [...new Set([...flaggedUsers.map((f) => f.userId), ...counts.map((c) => c.userId)])];
  const users = await db.user.findMany({
    where: { id: { in: ids } },
    include: { profile: true, flags: { where: { reinstatedAt: null }, orderBy: { flaggedAt: "desc" } } },
  });
  const byId = new Map(users.map((u) => [u.id, u]));
  const agreementOf = new Map(agreement.byAnnotator.map((a) => [a.userId, a.agreement]));
  const countOf = new Map(counts.map((c) => [c.userId, c]));
  const rows: AnnotatorRow[] = ids.flatMap((id) => {
    const user = byId.get(id);
    if (!user) return [];
    const count = countOf.get(id);
    return [{
      userId: id,
      name: user.name,
      email: user.email,
      discipline: user.profile?.discipline ?? null,
      role: user.profile?.role === "ADMIN" ? "admin" : "researcher",
      votes: count?._count._all ?? 0,
      lastVoteAt: count?._max.createdAt?.toISOString() ?? null,
      datasetConsent: user.profile?.datasetConsentAt != null,
      excluded: user.profile?.excludedAt != null,
      activeFlags: user.flags.map((f) => ({ test: f.test, pValue: f.pValue, statistic: f.statistic, flaggedAt: f.flaggedAt.toISOString() })),
      agreement: agreementOf.get(id) ?? null,
    }];
  });
  rows.sort((a, b) => b.activeFlags.length - a.activeFlags.length || b.votes - a.votes);
  return { annotators: rows, agreement };
}
