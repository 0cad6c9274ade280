import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { ANOMALY_TEST, flagAnomalousVoters } from "@/lib/annotators/flag-anomalous-voters";
import { setAnnotatorStatus } from "@/lib/annotators/set-annotator-status";
import { createBattle } from "@/lib/battles/create-battle";
import { waitForBattle } from "@/lib/battles/run-battle";
import { getDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { castVote } from "@/lib/votes/cast-vote";
import { countedVoteWhere } from "@/lib/votes/counted-votes";
import { createAnnotator, createVote, ensurePapers, type Annotator } from "./helpers/dataset-votes";
import { createUser, ensureArenaData } from "./helpers/fixtures";

// The anomalous-voter test over stored votes, its flags, and how flags, exclusion and reinstatement decide which
// votes count (the one definition both the ratings and the dataset use). Two models of their own keep other
// test files' votes out of this file's reference pool, so the statistic can be computed by hand.

const SETTINGS = { checkpoints: [10], alpha: 0.05, minOthers: 5 };
const tag = randomUUID().slice(0, 6);
const MODEL_X = `qc-x-${tag}`;
const MODEL_Y = `qc-y-${tag}`;

let honest: Annotator[];
let contrarian: Annotator;

async function countedFor(userId: string) {
  return getDb().vote.count({ where: { AND: [{ userId }, countedVoteWhere({ requireConsent: true })] } });
}

beforeAll(async () => {
  await ensureArenaData();
  const db = getDb();
  for (const slug of [MODEL_X, MODEL_Y]) {
    await db.model.create({ data: { slug, displayName: slug, organization: "QC", license: "OPEN", provider: "demo", providerModel: slug, active: false } });
  }
  const papers = await ensurePapers();
  honest = [await createAnnotator("Honest1"), await createAnnotator("Honest2"), await createAnnotator("Honest3")];
  contrarian = await createAnnotator("Contrarian");
  // Honest researchers prefer X, whichever side it was shown on; the contrarian always prefers Y.
  for (let i = 0; i < 10; i++) {
    const xOnA = i % 2 === 0;
    const [modelA, modelB] = xOnA ? [MODEL_X, MODEL_Y] : [MODEL_Y, MODEL_X];
    for (const annotator of honest) await createVote(papers, { annotator, choice: xOnA ? "A" : "B", modelA, modelB });
    await createVote(papers, { annotator: contrarian, choice: xOnA ? "B" : "A", modelA, modelB });
  }
});

describe("anomalous voters", () => {
  it("flags the contrarian with the hand-computed statistic and no honest researcher", async () => {
    // Each contrarian vote has 30 others on the pair, all the opposite way: one tail is (1 + 0)/31, so
    // p = 2/31; over the 10 votes M = -20 ln(2/31) = 54.81 >= chi²(20) at .95 = 31.41. Honest votes: p = 1, M = 0.
    const summary = await flagAnomalousVoters(SETTINGS, { onlyUsers: [...honest, contrarian].map((a) => a.id) });
    expect(summary.votersTested).toBe(4);
    expect(summary.flagged.map((f) => f.userId)).toEqual([contrarian.id]);
    expect(summary.flagged[0].statistic).toBeCloseTo(-20 * Math.log(2 / 31), 10);
    expect(summary.flagged[0].threshold).toBeCloseTo(31.410432844230918, 6);

    const flags = await getDb().annotatorFlag.findMany({ where: { userId: { in: [...honest, contrarian].map((a) => a.id) } } });
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ userId: contrarian.id, test: ANOMALY_TEST, reinstatedAt: null });
    expect(flags[0].details).toMatchObject({ votes: 10, degreesOfFreedom: 20, alpha: 0.05 });
  });

  it("leaves the flagged voter's votes out of the counted votes, and does not flag twice", async () => {
    expect(await countedFor(contrarian.id)).toBe(0);
    expect(await countedFor(honest[0].id)).toBe(10);
    const again = await flagAnomalousVoters(SETTINGS, { onlyUsers: [contrarian.id] });
    expect(again.flagged).toEqual([]);
    expect(await getDb().annotatorFlag.count({ where: { userId: contrarian.id } })).toBe(1);
  });

  it("counts the votes again after an admin reinstates, and tests only newer votes from then on", async () => {
    const result = await setAnnotatorStatus(contrarian.id, "reinstate");
    expect(result).toEqual({ excluded: false, activeFlags: 0 });
    expect(await countedFor(contrarian.id)).toBe(10);
    const rerun = await flagAnomalousVoters(SETTINGS, { onlyUsers: [contrarian.id] });
    expect(rerun.flagged).toEqual([]);
  });

  it("excludes an annotator by an admin's decision and reinstates them", async () => {
    await setAnnotatorStatus(honest[1].id, "exclude");
    expect(await countedFor(honest[1].id)).toBe(0);
    await setAnnotatorStatus(honest[1].id, "reinstate");
    expect(await countedFor(honest[1].id)).toBe(10);
    await expect(setAnnotatorStatus("no-such-user", "exclude")).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("daily vote cap", () => {
  it("refuses a researcher's new votes over DAILY_VOTE_CAP with a 429, and records nothing", async () => {
    process.env.DAILY_VOTE_CAP = "2";
    resetEnvCache();
    try {
      const user = await createUser("capped");
      const battles: string[] = [];
      for (let i = 0; i < 3; i++) {
        const created = await createBattle(user.id, { question: `How do vaccines lose potency during storage? (${tag} ${i})`, discipline: "Healthcare" });
        await waitForBattle(created.battleId);
        battles.push(created.battleId);
      }
      await castVote(battles[0], user.id, { choice: "A", reason: null });
      await castVote(battles[1], user.id, { choice: "B", reason: null });
      const refused = await castVote(battles[2], user.id, { choice: "A", reason: null }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).status).toBe(429);
      expect((refused as AppError).message).toContain("per day (UTC)");
      expect(await getDb().vote.count({ where: { userId: user.id } })).toBe(2);
      // A retry of a recorded vote is still answered.
      expect((await castVote(battles[0], user.id, { choice: "A", reason: null })).replayed).toBe(true);
    } finally {
      process.env.DAILY_VOTE_CAP = "100000";
      resetEnvCache();
    }
  });
});
