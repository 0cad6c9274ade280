import { beforeAll, describe, expect, it } from "vitest";
import { createBattle } from "@/lib/battles/create-battle";
import { waitForBattle } from "@/lib/battles/run-battle";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { castVote } from "@/lib/votes/cast-vote";
import { createUser, ensureArenaData } from "./helpers/fixtures";
import { answerTexts, readBattleStream } from "./helpers/read-stream";

const QUESTION = "Does vaccine storage temperature affect vaccine potency in general practice?";

async function rowCounts() {
  const db = getDb();
  const [questions, battles, votes, responses] = await Promise.all([
    db.question.count(),
    db.battle.count(),
    db.vote.count(),
    db.response.count(),
  ]);
  return { questions, battles, votes, responses };
}

async function expectAppError(promise: Promise<unknown>, code: AppError["code"]) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

beforeAll(async () => {
  await ensureArenaData();
});

describe("a battle from question to reveal", () => {
  it("retrieves references, streams two distinct models, and reveals them on the vote", async () => {
    const user = await createUser();
    const created = await createBattle(user.id, { question: QUESTION, discipline: "Healthcare" });
    expect(created.references.length).toBeGreaterThan(0);
    expect(created.references.length).toBeLessThanOrEqual(30);
    expect(created.references.map((r) => r.n)).toEqual(created.references.map((_, i) => i + 1));

    const events = await readBattleStream(created.battleId);
    expect(events[0].event).toBe("references");
    expect(events.at(-1)?.event).toBe("ready");
    const done = events.filter((e) => e.event === "done");
    expect(done.map((e) => e.data.side).sort()).toEqual(["A", "B"]);

    const db = getDb();
    const battle = await db.battle.findUniqueOrThrow({ where: { id: created.battleId }, include: { responses: true } });
    expect(battle.status).toBe("READY");
    expect(battle.modelAId).not.toBe(battle.modelBId);
    const streamed = answerTexts(events);
    for (const response of battle.responses) {
      // What the browser received is exactly the saved, normalized answer.
      expect(streamed[response.side]).toBe(response.text);
      expect(response.status).toBe("DONE");
      expect(response.text.length).toBeGreaterThan(0);
      expect(response.totalMs).not.toBeNull();
      const citations = response.citations as { n: number; paperId: number }[];
      for (const c of citations) {
        expect(c.n).toBeGreaterThanOrEqual(1);
        expect(c.n).toBeLessThanOrEqual(created.references.length);
        expect(c.paperId).toBe(created.references[c.n - 1] && (await db.paper.findUniqueOrThrow({ where: { externalId: created.references[c.n - 1].externalId } })).id);
      }
    }

    const result = await castVote(created.battleId, user.id, { choice: "A", reason: "more complete" });
    expect(result.replayed).toBe(false);
    expect(result.models.map((m) => m.side)).toEqual(["A", "B"]);
    const models = await db.model.findMany({ where: { id: { in: [battle.modelAId, battle.modelBId] } } });
    expect(result.models[0].slug).toBe(models.find((m) => m.id === battle.modelAId)!.slug);
    const stored = await db.vote.findUniqueOrThrow({ where: { battleId: created.battleId } });
    expect(stored.choice).toBe("A");
    expect(stored.reason).toBe("more complete");
    expect((await db.battle.findUniqueOrThrow({ where: { id: created.battleId } })).status).toBe("VOTED");
  });

  it("accepts one vote per battle: the same choice again returns it, another choice is a conflict", async () => {
    const user = await createUser();
    const { battleId } = await createBattle(user.id, { question: QUESTION, discipline: null });
    await waitForBattle(battleId);
    await castVote(battleId, user.id, { choice: "TIE", reason: null });
    const before = await rowCounts();
    const again = await castVote(battleId, user.id, { choice: "TIE", reason: null });
    expect(again.replayed).toBe(true);
    expect(again.vote.choice).toBe("TIE");
    await expectAppError(castVote(battleId, user.id, { choice: "B", reason: null }), "conflict");
    expect(await rowCounts()).toEqual(before);
    expect((await getDb().vote.findUniqueOrThrow({ where: { battleId } })).choice).toBe("TIE");
  });

  it("concurrent votes on one battle: exactly one is recorded, the same choice is a replay, another a conflict", async () => {
    const user = await createUser();
    const { battleId } = await createBattle(user.id, { question: QUESTION, discipline: null });
    await waitForBattle(battleId);
    const readyAt = (await getDb().battle.findUniqueOrThrow({ where: { id: battleId } })).readyAt!;
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 6 }, () => castVote(battleId, user.id, { choice: "B", reason: null })),
      castVote(battleId, user.id, { choice: "A", reason: null }),
    ]);
    const recorded = outcomes.filter((o) => o.status === "fulfilled" && !o.value.replayed);
    expect(recorded).toHaveLength(1);
    const stored = await getDb().vote.findUniqueOrThrow({ where: { battleId } });
    for (const [i, outcome] of outcomes.entries()) {
      const choice = i < 6 ? "B" : "A";
      if (choice === stored.choice) {
        expect(outcome.status).toBe("fulfilled");
        if (outcome.status === "fulfilled") expect(outcome.value.vote).toEqual({ choice, reason: null, createdAt: stored.createdAt.toISOString() });
      } else {
        expect(outcome.status).toBe("rejected");
        if (outcome.status === "rejected") expect((outcome.reason as AppError).code).toBe("conflict");
      }
    }
    expect(await getDb().vote.count({ where: { battleId } })).toBe(1);
    // Stored like Prisma stores it: UTC timestamps, and the time from the answers being ready to the vote.
    expect(Math.abs(stored.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(stored.msToVote).toBe(stored.createdAt.getTime() - readyAt.getTime());
    expect(stored.counted).toBe(true);
  });

  it("refuses votes on unknown, foreign, unfinished and failed battles without writing anything", async () => {
    const owner = await createUser("owner");
    const stranger = await createUser("stranger");
    const { battleId } = await createBattle(owner.id, { question: QUESTION, discipline: null });
    await waitForBattle(battleId);
    const before = await rowCounts();

    await expectAppError(castVote("c0000000000000000000000000", owner.id, { choice: "A", reason: null }), "not_found");
    await expectAppError(castVote(battleId, stranger.id, { choice: "A", reason: null }), "not_found");

    const db = getDb();
    await db.battle.update({ where: { id: battleId }, data: { status: "STREAMING" } });
    const unfinished = await expectAppError(castVote(battleId, owner.id, { choice: "A", reason: null }), "conflict");
    expect(unfinished.message).toMatch(/must finish/);
    await db.battle.update({ where: { id: battleId }, data: { status: "FAILED", failureReason: "test" } });
    const failed = await expectAppError(castVote(battleId, owner.id, { choice: "A", reason: null }), "conflict");
    expect(failed.message).toMatch(/failed/);
    expect(await rowCounts()).toEqual(before);
  });

  it("returns the same battle for a repeated client key", async () => {
    const user = await createUser();
    const input = { question: QUESTION, discipline: null, clientKey: `key-${user.id}` };
    const [first, second] = await Promise.all([createBattle(user.id, input), createBattle(user.id, input)]);
    expect(second.battleId).toBe(first.battleId);
    expect([first.replayed, second.replayed].sort()).toEqual([false, true]);
    expect(await getDb().battle.count({ where: { createdById: user.id } })).toBe(1);
    await waitForBattle(first.battleId);
    // The losing request had started generating too; it stopped without writing anything.
    expect(await getDb().response.count({ where: { battle: { createdById: user.id } } })).toBe(2);
    expect(await getDb().question.count({ where: { userId: user.id } })).toBe(1);
  });

  it("keeps two battles streaming at the same time apart", async () => {
    const user = await createUser();
    const [one, two] = await Promise.all([
      createBattle(user.id, { question: QUESTION, discipline: null }),
      createBattle(user.id, { question: "Is laparoscopic surgery safe for renal carcinoma with bilateral tumors?", discipline: null }),
    ]);
    const [eventsOne, eventsTwo] = await Promise.all([readBattleStream(one.battleId), readBattleStream(two.battleId)]);
    const db = getDb();
    for (const [created, events] of [
      [one, eventsOne],
      [two, eventsTwo],
    ] as const) {
      const responses = await db.response.findMany({ where: { battleId: created.battleId } });
      const streamed = answerTexts(events);
      for (const r of responses) expect(streamed[r.side]).toBe(r.text);
      // Every sentence the demo models extracted comes from this battle's own passages.
      const passages = created.references.flatMap((r) => r.passages).join(" ");
      for (const r of responses) {
        const quoted = r.rawText.match(/(?<=report that )[^[]{40}/g) ?? [];
        for (const fragment of quoted) expect(passages.toLowerCase()).toContain(fragment.toLowerCase().slice(10, 40));
      }
    }
    expect(answerTexts(eventsOne).A).not.toBe(answerTexts(eventsTwo).A);
  });

  it("resumes a stream from Last-Event-ID without losing or repeating text", async () => {
    const user = await createUser();
    process.env.DEMO_MODEL_TOKEN_DELAY_MS = "0";
    const { battleId } = await createBattle(user.id, { question: QUESTION, discipline: null });
    const partial = await readBattleStream(battleId, { stopAfter: 6 });
    const lastId = partial.filter((e) => e.id).at(-1)!.id!;
    const rest = await readBattleStream(battleId, { lastEventId: lastId });
    expect(rest.find((e) => e.event === "references")).toBeUndefined();
    const combined = answerTexts([...partial, ...rest]);
    const responses = await getDb().response.findMany({ where: { battleId } });
    for (const r of responses) expect(combined[r.side]).toBe(r.text);
    expect(rest.at(-1)?.event).toBe("ready");
  });
});
