import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { failAbandonedBattles, INTERRUPTED_REASON } from "@/lib/battles/fail-abandoned";
import { createBattle } from "@/lib/battles/create-battle";
import { waitForBattle } from "@/lib/battles/run-battle";
import { getDb } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { consumeRateLimit, consumeRateLimits } from "@/lib/rate-limit";
import { castVote } from "@/lib/votes/cast-vote";
import { createUser, ensureArenaData } from "./helpers/fixtures";

const QUESTION = "Does vaccine storage temperature affect vaccine potency in general practice?";

beforeAll(async () => {
  await ensureArenaData();
});

afterEach(() => {
  delete process.env.RATE_LIMIT_BATTLES_PER_HOUR_PER_IP;
  delete process.env.RATE_LIMIT_VOTES_PER_MINUTE_PER_IP;
  resetEnvCache();
});

describe("abandoned battles", () => {
  it("fails battles whose generator went away, and leaves running and recent ones alone", async () => {
    const user = await createUser();
    const db = getDb();
    const { battleId } = await createBattle(user.id, { question: QUESTION, discipline: null });
    await waitForBattle(battleId);
    const template = await db.battle.findUniqueOrThrow({ where: { id: battleId } });
    const longAgo = new Date(Date.now() - 60 * 60 * 1000);
    const make = (createdAt: Date) =>
      db.battle.create({
        data: {
          questionId: template.questionId,
          retrievalRunId: template.retrievalRunId,
          modelAId: template.modelAId,
          modelBId: template.modelBId,
          createdById: user.id,
          status: "STREAMING",
          createdAt,
          responses: { create: [{ side: "A", modelId: template.modelAId, status: "STREAMING" }, { side: "B", modelId: template.modelBId, status: "DONE" }] },
        },
      });
    const stale = await make(longAgo);
    const recent = await make(new Date());

    const failed = await failAbandonedBattles();
    expect(failed).toContain(stale.id);
    expect(failed).not.toContain(recent.id);
    const after = await db.battle.findUniqueOrThrow({ where: { id: stale.id }, include: { responses: true } });
    expect(after.status).toBe("FAILED");
    expect(after.failureReason).toBe(INTERRUPTED_REASON);
    expect(after.responses.find((r) => r.side === "A")!.status).toBe("FAILED");
    expect(after.responses.find((r) => r.side === "B")!.status).toBe("DONE");
    expect((await db.battle.findUniqueOrThrow({ where: { id: recent.id } })).status).toBe("STREAMING");
    await db.battle.delete({ where: { id: recent.id } });
  });
});

describe("rate limits per network address", () => {
  it("refuses new battles from one address over its limit, whoever asks", async () => {
    process.env.RATE_LIMIT_BATTLES_PER_HOUR_PER_IP = "2";
    resetEnvCache();
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}-${Date.now()}`;
    const [alice, bob] = [await createUser("alice"), await createUser("bob")];
    const first = await createBattle(alice.id, { question: QUESTION, discipline: null }, { clientIp: ip });
    const second = await createBattle(bob.id, { question: QUESTION, discipline: null }, { clientIp: ip });
    const before = await getDb().battle.count();
    const error = await createBattle(bob.id, { question: QUESTION, discipline: null }, { clientIp: ip }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(429);
    expect((error as AppError).retryAfterSeconds).toBeGreaterThan(0);
    expect(await getDb().battle.count()).toBe(before);
    // Another address is not affected.
    const other = await createBattle(bob.id, { question: QUESTION, discipline: null }, { clientIp: `${ip}-other` });
    await Promise.all([first, second, other].map((b) => waitForBattle(b.battleId)));
  });

  it("refuses votes from one address over its limit but still answers a retried vote", async () => {
    process.env.RATE_LIMIT_VOTES_PER_MINUTE_PER_IP = "1";
    resetEnvCache();
    const ip = `203.0.113.${Date.now()}`;
    const user = await createUser();
    const battles = [];
    for (let i = 0; i < 2; i++) {
      const b = await createBattle(user.id, { question: QUESTION, discipline: null });
      await waitForBattle(b.battleId);
      battles.push(b.battleId);
    }
    await castVote(battles[0], user.id, { choice: "A", reason: null }, { clientIp: ip });
    const refused = await castVote(battles[1], user.id, { choice: "B", reason: null }, { clientIp: ip }).catch((e) => e);
    expect((refused as AppError).status).toBe(429);
    expect(await getDb().vote.findUnique({ where: { battleId: battles[1] } })).toBeNull();
    const retried = await castVote(battles[0], user.id, { choice: "A", reason: null }, { clientIp: ip });
    expect(retried.replayed).toBe(true);
  });
});

describe("several rate limits in one statement", () => {
  it("shares buckets with single counters, counts every limit, and refuses with the first one exceeded", async () => {
    const now = new Date("2026-11-27T10:15:30.000Z");
    const tag = Math.random().toString(36).slice(2);
    const minute = { key: `t:${tag}:minute`, limit: 2, windowMs: 60_000, what: "tries" };
    const day = { key: `t:${tag}:day`, limit: 100, windowMs: 24 * 60 * 60 * 1000, what: "tries today", per: "day (UTC)" };
    // The same bucket row as the one-at-a-time counter (same window start, stored the same way).
    await consumeRateLimit({ ...minute, now });
    await consumeRateLimits([minute, day], now);
    const error = await consumeRateLimits([day, minute], new Date(now.getTime() + 1000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(429);
    expect((error as AppError).message).toBe("Too many tries: the limit is 2 per 1 minutes. Try again in 29 s.");
    const rows = await getDb().rateLimitBucket.findMany({ where: { key: { startsWith: `t:${tag}:` } }, orderBy: { key: "asc" } });
    expect(rows.map((r) => [r.key, r.windowStart.toISOString(), r.count])).toEqual([
      [day.key, "2026-11-27T00:00:00.000Z", 2],
      [minute.key, "2026-11-27T10:15:00.000Z", 3],
    ]);
    // A new window starts from one.
    await consumeRateLimits([minute], new Date("2026-11-27T10:16:00.000Z"));
  });
});
