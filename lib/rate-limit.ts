import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";

// Fixed-window counters in Postgres: every app instance sees the same counts.

export async function consumeRateLimit(options: RateLimit & { now?: Date }): Promise<void> {
  const { now, ...limit } = options;
  await consumeRateLimits([limit], now);
}

export interface RateLimit {
  key: string;
  limit: number;
  windowMs: number;
  what: string;
  per?: string;
}

/**
 * Several counters in one statement (one round trip instead of one each); all of them count the request.
 * Refuses with the first limit, in the given order, that the request goes over.
 */
export async function consumeRateLimits(limits: RateLimit[], now: Date = new Date()): Promise<void> {
  const windows = limits.map((l) => new Date(Math.floor(now.getTime() / l.windowMs) * l.windowMs));
  // Timestamps are stored in UTC without a zone (as Prisma writes them): pass them as such.
  const rows = await getDb().$queryRaw<{ key: string; windowStart: Date; count: number }[]>`
    INSERT INTO "RateLimitBucket" (key, "windowStart", count)
    SELECT DISTINCT k, w::timestamp(3), 1 FROM unnest(${limits.map((l) => l.key)}::text[], ${windows.map((w) => w.toISOString().slice(0, -1))}::text[]) AS t(k, w)
    ON CONFLICT (key, "windowStart") DO UPDATE SET count = "RateLimitBucket".count + 1
    RETURNING key, count`;
  const counts = new Map(rows.map((r) => [r.key, Number(r.count)]));
  limits.forEach((limit, i) => {
    if ((counts.get(limit.key) ?? 0) <= limit.limit) return;
    const retryAfterSeconds = Math.max(1, Math.ceil((windows[i].getTime() + limit.windowMs - now.getTime()) / 1000));
    throw new AppError(
      "rate_limited",
      `Too many ${limit.what}: the limit is ${limit.limit} per ${limit.per ?? `${Math.round(limit.windowMs / 60000)} minutes`}. Try again in ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
    );
  });
}
