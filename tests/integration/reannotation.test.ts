import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { computeAgreement } from "@/lib/annotators/compute-agreement";
import { getBattleView } from "@/lib/battles/get-battle";
import { getDb } from "@/lib/db";
import { nextReannotation } from "@/lib/reannotation/next-reannotation";
import { castVote } from "@/lib/votes/cast-vote";
import { countedVoteWhere } from "@/lib/votes/counted-votes";
import { createAnnotator, createVote, ensurePapers, type Annotator } from "./helpers/dataset-votes";
import { ensureArenaData } from "./helpers/fixtures";
import { readBattleStream } from "./helpers/read-stream";

// Re-annotation: which earlier battle a researcher is shown again, what the copy looks like, that its vote is
// not counted, and the agreement computed from it. Disciplines unique to this file keep other files' battles out.

const tag = randomUUID().slice(0, 6);
const SELF_DISCIPLINE = `Self-${tag}`;
const SHARED_DISCIPLINE = `Shared-${tag}`;
const DAY = 24 * 60 * 60 * 1000;
const SETTINGS = { rate: 0.5, minDays: 14 };

/** Draws in order: [accept?, own first?, swap?]. */
const draws = (...values: number[]) => {
  const queue = [...values];
  return () => {
    const value = queue.shift();
    if (value === undefined) throw new Error("more random draws than planned");
    return value;
  };
};

let papers: Awaited<ReturnType<typeof ensurePapers>>;
let self: Annotator;
let reader: Annotator;
let original: Annotator;

async function battleOfVote(voteId: string) {
  return (await getDb().vote.findUniqueOrThrow({ where: { id: voteId } })).battleId;
}

async function setDiscipline(userId: string, discipline: string) {
  await getDb().researcherProfile.update({ where: { userId }, data: { discipline } });
}

beforeAll(async () => {
  await ensureArenaData();
  papers = await ensurePapers();
  self = await createAnnotator("Self");
  reader = await createAnnotator("Reader");
  original = await createAnnotator("Original");
  await setDiscipline(self.id, `Nobody-else-${tag}`);
  await setDiscipline(reader.id, SHARED_DISCIPLINE);
});

describe("re-annotation", () => {
  let ownOldBattle: string;
  let ownCopy: string;

  it("shows nothing when the draw is above the rate, and creates nothing", async () => {
    const before = await getDb().battle.count();
    expect(await nextReannotation(self.id, { ...SETTINGS, random: draws(0.5) })).toBeNull();
    expect(await getDb().battle.count()).toBe(before);
  });

  it("shows a researcher their own battle only after the minimum days, as a ready copy that looks like the original", async () => {
    const now = Date.now();
    const recent = await createVote(papers, { annotator: self, choice: "A", discipline: SELF_DISCIPLINE, createdAt: new Date(now - 3 * DAY) });
    expect(await nextReannotation(self.id, { ...SETTINGS, random: draws(0.1, 0.1) })).toBeNull();

    const old = await createVote(papers, { annotator: self, choice: "A", discipline: SELF_DISCIPLINE, createdAt: new Date(now - 20 * DAY), responseA: "Old answer A.", responseB: "Old answer B." });
    ownOldBattle = await battleOfVote(old.voteId);
    const next = await nextReannotation(self.id, { ...SETTINGS, random: draws(0.1, 0.1, 0.9) });
    expect(next?.kind).toBe("self");
    ownCopy = next!.battleId;
    expect(ownCopy).not.toBe(ownOldBattle);
    expect(ownCopy).not.toBe(await battleOfVote(recent.voteId));

    const copy = await getDb().battle.findUniqueOrThrow({ where: { id: ownCopy }, include: { responses: true } });
    const source = await getDb().battle.findUniqueOrThrow({ where: { id: ownOldBattle } });
    expect(copy).toMatchObject({ createdById: self.id, status: "READY", reannotationOfId: ownOldBattle, modelAId: source.modelAId, modelBId: source.modelBId });
    expect(Object.fromEntries(copy.responses.map((r) => [r.side, r.text]))).toEqual({ A: "Old answer A.", B: "Old answer B." });

    const view = await getBattleView(ownCopy, self.id);
    const sourceView = await getBattleView(ownOldBattle, self.id);
    expect(view).toMatchObject({ status: "ready", vote: null, models: null, question: sourceView.question, references: sourceView.references });
    expect(JSON.stringify(view)).not.toContain("reannotation");
  });

  it("does not show the same battle to the same researcher twice", async () => {
    expect(await nextReannotation(self.id, { ...SETTINGS, random: draws(0.1, 0.1) })).toBeNull();
  });

  let otherCopy: string;
  let otherOriginal: string;

  it("shows another researcher's battle of the same discipline, sides swapped when drawn, never a hidden question", async () => {
    await createVote(papers, { annotator: original, choice: "B", discipline: SHARED_DISCIPLINE, moderation: "HIDDEN" });
    expect(await nextReannotation(reader.id, { ...SETTINGS, random: draws(0.1, 0.9, 0.1) })).toBeNull();

    const vote = await createVote(papers, { annotator: original, choice: "A", discipline: SHARED_DISCIPLINE, responseA: "First side.", responseB: "Second side." });
    otherOriginal = await battleOfVote(vote.voteId);
    const next = await nextReannotation(reader.id, { ...SETTINGS, random: draws(0.1, 0.9, 0.1) });
    expect(next?.kind).toBe("other");
    otherCopy = next!.battleId;
    const copy = await getDb().battle.findUniqueOrThrow({ where: { id: otherCopy }, include: { responses: true } });
    const source = await getDb().battle.findUniqueOrThrow({ where: { id: otherOriginal } });
    expect(copy.modelAId).toBe(source.modelBId);
    expect(copy.modelBId).toBe(source.modelAId);
    expect(Object.fromEntries(copy.responses.map((r) => [r.side, r.text]))).toEqual({ A: "Second side.", B: "First side." });
    // The original stays the original voter's: the reader cannot open it.
    await expect(getBattleView(otherOriginal, reader.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("stores votes on copies as not counted, and measures agreement against the original's sides", async () => {
    // Own copy (not swapped): originally A, now a tie -> disagreement. Other's copy (swapped): B on the copy is A
    // on the original, which the original voter chose -> agreement.
    await castVote(ownCopy, self.id, { choice: "TIE", reason: null });
    await castVote(otherCopy, reader.id, { choice: "B", reason: null });
    const copies = await getDb().vote.findMany({ where: { battleId: { in: [ownCopy, otherCopy] } } });
    expect(copies.map((v) => v.counted)).toEqual([false, false]);
    expect(await getDb().vote.count({ where: { AND: [{ battleId: { in: [ownCopy, otherCopy] } }, countedVoteWhere({ requireConsent: false })] } })).toBe(0);

    const report = await computeAgreement();
    const selfGroup = report.selfConsistency.find((g) => g.group === SELF_DISCIPLINE)!;
    expect(selfGroup.agreement).toMatchObject({ n: 1, accuracy: 0 });
    const sharedGroup = report.interAnnotator.find((g) => g.group === SHARED_DISCIPLINE)!;
    expect(sharedGroup.agreement).toMatchObject({ n: 1, accuracy: 1 });
    expect(report.byAnnotator.find((a) => a.userId === reader.id)?.agreement.accuracy).toBe(1);
    expect(report.selfConsistency.find((g) => g.group === SHARED_DISCIPLINE)).toBeUndefined();
  });

  it("replays a copy's answers at the original's pace, so it streams like any battle", async () => {
    const annotator = await createAnnotator("Paced");
    await setDiscipline(annotator.id, `Paced-${tag}`);
    const text = Array.from({ length: 40 }, (_, i) => `word${i}`).join(" ");
    const vote = await createVote(papers, { annotator: original, choice: "A", discipline: `Paced-${tag}`, responseA: text, responseB: text });
    const source = await battleOfVote(vote.voteId);
    // The original took 10 minutes (no first-token delay): a copy created 5 minutes ago shows about half.
    await getDb().response.updateMany({ where: { battleId: source }, data: { firstTokenMs: 0, totalMs: 600_000 } });
    const next = await nextReannotation(annotator.id, { ...SETTINGS, random: draws(0.1, 0.9, 0.9) });
    const copy = next!.battleId;
    await getDb().battle.update({ where: { id: copy }, data: { createdAt: new Date(Date.now() - 300_000) } });

    expect((await getBattleView(copy, annotator.id)).status).toBe("streaming");
    const events = await readBattleStream(copy, { stopAfter: 3 });
    expect(events.map((e) => e.event)).toEqual(["references", "delta", "delta"]);
    for (const delta of events.slice(1)) {
      const shown = delta.data.text as string;
      expect(text.startsWith(shown)).toBe(true);
      expect(shown.length).toBeGreaterThan(text.length * 0.4);
      expect(shown.length).toBeLessThan(text.length * 0.6);
    }
    // Like any battle still being answered, it cannot be voted on yet; once the original's time has passed it can.
    await expect(castVote(copy, annotator.id, { choice: "A", reason: null })).rejects.toMatchObject({ code: "conflict" });
    await getDb().battle.update({ where: { id: copy }, data: { createdAt: new Date(Date.now() - 700_000) } });
    expect((await castVote(copy, annotator.id, { choice: "A", reason: null })).replayed).toBe(false);
  });

  it("a copy whose original time has passed is ready and streams the whole answers", async () => {
    const annotator = await createAnnotator("Done");
    await setDiscipline(annotator.id, `Done-${tag}`);
    const vote = await createVote(papers, { annotator: original, choice: "B", discipline: `Done-${tag}`, responseA: "Full A.", responseB: "Full B." });
    await getDb().response.updateMany({ where: { battleId: await battleOfVote(vote.voteId) }, data: { firstTokenMs: 100, totalMs: 2_000 } });
    const copy = (await nextReannotation(annotator.id, { ...SETTINGS, random: draws(0.1, 0.9, 0.9) }))!.battleId;
    await getDb().battle.update({ where: { id: copy }, data: { createdAt: new Date(Date.now() - 60_000) } });
    expect((await getBattleView(copy, annotator.id)).status).toBe("ready");
    const events = await readBattleStream(copy);
    expect(events.at(-1)?.event).toBe("ready");
    expect(events.filter((e) => e.event === "done").map((e) => e.data.text)).toEqual(["Full A.", "Full B."]);
  });
});
