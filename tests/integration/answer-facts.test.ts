import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { migrate } from "@/lib/db/migrate";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { readModels, readVotes, streamVotes } from "@/lib/rating-job/load";
import { ensureModels, ensureVoters, insertVotes, type SyntheticModel, type VoteSpec } from "@/scripts/lib/seed-votes";
import { createScratchDatabase } from "./helpers/scratch-database";

// The answer facts on Battle (migration 20261203000000_battle_answer_facts) are kept by a trigger on Response:
// written when an answer finishes and whenever a finished answer changes (attribution labels, cost), not while
// it streams. The rating job reads them instead of the answers, and sorts the votes itself.

let scratch: { url: string; drop(): Promise<void> };
let pool: pg.Pool;
let prisma: InstanceType<typeof PrismaClient>;
let models: SyntheticModel[];

beforeAll(async () => {
  scratch = await createScratchDatabase();
  await migrate(scratch.url);
  pool = new pg.Pool({ connectionString: scratch.url, max: 2 });
  prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const client = await pool.connect();
  try {
    models = await ensureModels(client, "aft", 3);
    await ensureVoters(client, [{ id: "aft_voter" }]);
  } finally {
    client.release();
  }
});

afterAll(async () => {
  await prisma?.$disconnect().catch(() => {});
  await pool?.end().catch(() => {});
  await scratch?.drop();
});

const facts = (battleId: string) =>
  prisma.battle.findUniqueOrThrow({
    where: { id: battleId },
    select: {
      lengthA: true, citationsA: true, supportingA: true, irrelevantA: true, labeledA: true, costUsdA: true,
      lengthB: true, citationsB: true, supportingB: true, irrelevantB: true, labeledB: true, costUsdB: true,
    },
  });

describe("answer facts on Battle", () => {
  it("are written when an answer finishes and follow later changes, but not the streaming flushes", async () => {
    const [modelA, modelB] = models;
    const question = await prisma.question.create({ data: { userId: "aft_voter", text: "Which facts?" } });
    const run = await prisma.retrievalRun.create({ data: { questionId: question.id, backend: "local", query: "facts" } });
    const battle = await prisma.battle.create({
      data: {
        questionId: question.id,
        retrievalRunId: run.id,
        modelAId: modelA.id,
        modelBId: modelB.id,
        createdById: "aft_voter",
        responses: { create: [{ side: "A", modelId: modelA.id }, { side: "B", modelId: modelB.id }] },
      },
      include: { responses: true },
    });
    const answerA = battle.responses.find((r) => r.side === "A")!;
    const answerB = battle.responses.find((r) => r.side === "B")!;
    expect(await facts(battle.id)).toMatchObject({ lengthA: 0, citationsA: 0, costUsdA: null, lengthB: 0 });

    await prisma.response.update({ where: { id: answerA.id }, data: { status: "STREAMING", text: "partial answer [1]" } });
    expect((await facts(battle.id)).lengthA).toBe(0);

    // Lengths are UTF-8 bytes: "é" and "µ" take two each.
    const text = "Caféine at 5 µM works [1][2][3].";
    const citations = [{ n: 1 }, { n: 2 }, { n: 3 }];
    await prisma.response.update({ where: { id: answerA.id }, data: { status: "DONE", text, citations, inputTokens: 1200, outputTokens: 300 } });
    const expectedCost = (1200 * modelA.costPer1kIn + 300 * modelA.costPer1kOut) / 1000;
    let row = await facts(battle.id);
    expect(row).toMatchObject({ lengthA: Buffer.byteLength(text), citationsA: 3, supportingA: 0, irrelevantA: 0, labeledA: 0, lengthB: 0 });
    expect(Buffer.byteLength(text)).toBe(text.length + 2);
    expect(row.costUsdA).toBeCloseTo(expectedCost, 12);

    // Attribution labels arrive after the answer finished.
    const labelled = [{ n: 1, label: "supporting" }, { n: 2, label: "irrelevant" }, { n: 3, label: "supporting" }];
    await prisma.response.update({ where: { id: answerA.id }, data: { citations: labelled } });
    row = await facts(battle.id);
    expect(row).toMatchObject({ citationsA: 3, supportingA: 2, irrelevantA: 1, labeledA: 3 });

    // A recorded cost wins over the tokens.
    await prisma.response.update({ where: { id: answerA.id }, data: { costUsd: 0.25 } });
    expect((await facts(battle.id)).costUsdA).toBe(0.25);

    // Side B lands in its own columns; a failed answer writes nothing.
    await prisma.response.update({ where: { id: answerB.id }, data: { status: "FAILED", text: "xx" } });
    expect((await facts(battle.id)).lengthB).toBe(0);
    await prisma.response.update({ where: { id: answerB.id }, data: { status: "DONE", text: "short", citations: [] } });
    row = await facts(battle.id);
    expect(row).toMatchObject({ lengthA: Buffer.byteLength(text), lengthB: 5, citationsB: 0, costUsdB: null, costUsdA: 0.25 });
  });

  it("let the rating job read votes unsorted and put them in time order, ties broken the same way as the reference", async () => {
    const client = await pool.connect();
    try {
      // Inserted newest first, with several votes sharing a timestamp, so that arrival order is not time order.
      const base = Date.UTC(2026, 0, 1);
      const votes: VoteSpec[] = Array.from({ length: 120 }, (_, i) => ({
        id: `aft_${String(i).padStart(3, "0")}`,
        modelA: models[i % 3].id,
        modelB: models[(i + 1) % 3].id,
        choice: (["A", "B", "TIE", "BOTH_BAD"] as const)[i % 4],
        voterId: "aft_voter",
        discipline: i % 2 === 0 ? "Healthcare" : null,
        category: i % 5 === 0 ? "Methods" : null,
        lengthA: 100 + i,
        lengthB: 300 - i,
        citationsA: i % 4,
        citationsB: (i * 7) % 5,
        labelsA: i % 3 === 0 ? "all" : "none",
        createdAt: new Date(base + Math.floor((119 - i) / 4) * 1000),
        tokensA: i % 6 === 0 ? null : 500 + i,
        tokensB: 700,
      }));
      await insertVotes(client, votes);
      const { rows: arrival } = await client.query<{ t: Date }>(`SELECT "createdAt" AS t FROM "Vote" WHERE id LIKE 'v\\_aft\\_%'`);
      expect(arrival.some((row, i) => i > 0 && row.t < arrival[i - 1].t)).toBe(true);
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      const modelRows = await readModels(client);
      const counted = { requireConsent: true };
      const reference = await streamVotes(client, counted, new Map(modelRows.map((m, i) => [m.id, i])), { fetchSize: 7 });
      expect(reference.discipline.length).toBe(120);
      expect(reference.disciplines).toEqual(["Healthcare"]);
      const transports = inject("databaseKind") === "pglite" ? (["cursor"] as const) : (["copy", "cursor"] as const);
      for (const transport of transports) {
        const loaded = await readVotes(client, counted, modelRows, { fetchSize: 7, transport });
        expect(loaded.streamed).toEqual(reference);
      }
    } finally {
      await client.query("ROLLBACK").catch(() => {});
      client.release();
    }
  });
});
