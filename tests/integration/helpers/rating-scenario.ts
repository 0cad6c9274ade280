import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { migrate } from "@/lib/db/migrate";
import { PrismaClient } from "@/lib/generated/prisma/client";
import type { Outcome } from "@/lib/ratings";
import { Xoshiro128 } from "@/lib/ratings";
import { ensureModels, ensureVoters, insertVotes, type LabelMode, type SyntheticModel, type VoteSpec } from "@/scripts/lib/seed-votes";
import { createScratchDatabase } from "./scratch-database";

// A small arena in a database of its own: votes that count, and votes that must not (failed battles,
// counted = false, excluded, flagged or non-consenting voters), skewed so that counting them by mistake
// changes every rating.

export type VoteKind = "good" | "failed" | "not-counted" | "excluded" | "flagged" | "no-consent" | "no-profile";

export interface ScenarioVote extends VoteSpec {
  kind: VoteKind;
}

export interface RatingScenario {
  url: string;
  pool: pg.Pool;
  prisma: InstanceType<typeof PrismaClient>;
  models: SyntheticModel[];
  votes: ScenarioVote[];
  close(): Promise<void>;
}

const VOTERS = {
  good: ["rjt_good_0", "rjt_good_1", "rjt_good_2", "rjt_reinstated"],
  excluded: "rjt_excluded",
  flagged: "rjt_flagged",
  noConsent: "rjt_noconsent",
  noProfile: "rjt_noprofile",
};

export async function createRatingScenario(options: { goodVotes?: number; seed?: number } = {}): Promise<RatingScenario> {
  const scratch = await createScratchDatabase();
  await migrate(scratch.url);
  const pool = new pg.Pool({ connectionString: scratch.url, max: 4 });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const client = await pool.connect();
  const votes: ScenarioVote[] = [];
  let models: SyntheticModel[];
  try {
    models = await ensureModels(client, "rjt", 6);
    await ensureVoters(client, [
      { id: "rjt_good_0" },
      { id: "rjt_good_1" },
      { id: "rjt_good_2" },
      { id: "rjt_reinstated", flag: "reinstated" },
      { id: VOTERS.excluded, excluded: true },
      { id: VOTERS.flagged, flag: "active" },
      { id: VOTERS.noConsent, consent: false },
      { id: VOTERS.noProfile, noProfile: true },
    ]);
    const random = Xoshiro128.seeded(options.seed ?? 7, 1);
    const strengths = [1.2, 0.6, 0.1, -0.4, -1.0];
    const disciplines = ["Healthcare", "Engineering", null];
    const categories = ["Methods", "Labelled", null];
    const start = Date.parse("2026-03-01T00:00:00Z");
    const goodVotes = options.goodVotes ?? 480;
    const int = (n: number) => Math.floor(random.nextDouble() * n);
    let n = 0;
    const add = (kind: VoteKind, fields: Omit<VoteSpec, "id" | "createdAt" | "lengthA" | "lengthB" | "citationsA" | "citationsB" | "labelsA" | "labelsB" | "tokensA" | "tokensB">) => {
      const labelled = fields.category === "Labelled";
      const labels: LabelMode = labelled ? "all" : "none";
      votes.push({
        kind,
        id: `rjt_${String(n).padStart(5, "0")}`,
        createdAt: new Date(start + n * 60_000),
        lengthA: 100 + int(900),
        lengthB: 100 + int(900),
        citationsA: int(7),
        citationsB: int(7),
        labelsA: labels,
        labelsB: labels,
        tokensA: n % 5 === 0 ? null : 50 + int(300),
        tokensB: n % 7 === 0 ? null : 50 + int(300),
        ...fields,
      });
      n += 1;
    };
    const outcomeFor = (a: number, b: number): Outcome => {
      const p = 1 / (1 + Math.exp(strengths[b] - strengths[a]));
      const u = random.nextDouble();
      const tie = 0.25 * 4 * p * (1 - p);
      if (u < p - tie / 2) return "A";
      if (u < p + tie / 2) return u < p ? "TIE" : "BOTH_BAD";
      return "B";
    };
    for (let i = 0; i < goodVotes; i++) {
      const a = int(5);
      const b = (a + 1 + int(4)) % 5;
      add("good", {
        modelA: models[a].id,
        modelB: models[b].id,
        choice: outcomeFor(a, b),
        voterId: VOTERS.good[i % VOTERS.good.length],
        discipline: disciplines[i % 3],
        category: categories[int(3)],
      });
      // Model 5 appears in only four counted votes (below a minimum of 5 or more).
      if (i % 150 === 10) {
        add("good", { modelA: models[5].id, modelB: models[i % 5].id, choice: "A", voterId: VOTERS.good[0], discipline: "Healthcare", category: "Methods" });
      }
      // Every 4th good vote is followed by a vote that must not count, in which the weakest model beats the best.
      if (i % 4 === 3) {
        const kinds: VoteKind[] = ["failed", "not-counted", "excluded", "flagged", "no-consent", "no-profile"];
        const kind = kinds[(i >> 2) % kinds.length];
        const voter =
          kind === "excluded" ? VOTERS.excluded : kind === "flagged" ? VOTERS.flagged : kind === "no-consent" ? VOTERS.noConsent : kind === "no-profile" ? VOTERS.noProfile : VOTERS.good[1];
        add(kind, {
          modelA: models[4].id,
          modelB: models[0].id,
          choice: "A",
          voterId: voter,
          discipline: disciplines[i % 3],
          category: "Methods",
          battleStatus: kind === "failed" ? "FAILED" : "VOTED",
          counted: kind !== "not-counted",
        });
      }
    }
    for (let from = 0; from < votes.length; from += 500) await insertVotes(client, votes.slice(from, from + 500));
  } finally {
    client.release();
  }
  return {
    url: scratch.url,
    pool,
    prisma,
    models: models!,
    votes,
    async close() {
      await prisma.$disconnect().catch(() => {});
      await pool.end().catch(() => {});
      await scratch.drop();
    },
  };
}

/** The votes that must count: with consent required, or with consent ignored. */
export function expectedCounted(votes: readonly ScenarioVote[], requireConsent: boolean): ScenarioVote[] {
  const counted = new Set<VoteKind>(requireConsent ? ["good"] : ["good", "no-consent", "no-profile"]);
  return votes.filter((v) => counted.has(v.kind));
}
