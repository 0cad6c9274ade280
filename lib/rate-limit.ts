import { getDb } from "@/lib/db";
import { utcTimestamp } from "@/lib/db/utc-timestamp";
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

/** The start of each limit's current window, as SQL text (see utcTimestamp). */
export function rateLimitWindows(limits: RateLimit[], now: Date): string[] {
  return limits.map((l) => utcTimestamp(new Date(Math.floor(now.getTime() / l.windowMs) * l.windowMs)));
}

/** SQL that counts one request in each (key, window) pair given as $keys and $windows text arrays. */
export function countRequestsSql(keysParam: string, windowsParam: string, condition = "TRUE"): string {
  return `INSERT INTO "RateLimitBucket" (key, "windowStart", count)
    SELECT DISTINCT k, w::timestamp(3), 1 FROM unnest(${keysParam}::text[], ${windowsParam}::text[]) AS t(k, w) WHERE ${condition}
    ON CONFLICT (key, "windowStart") DO UPDATE SET count = "RateLimitBucket".count + 1
    RETURNING key, count`;
}

/** Refuses with the first limit, in the given order, whose counter went over it. */
export function enforceRateLimits(limits: RateLimit[], counts: { key: string; count: number | string }[], now: Date): void {
  const byKey = new Map(counts.map((r) => [r.key, Number(r.count)]));
  for (const limit of limits) {
    if ((byKey.get(limit.key) ?? 0) <= limit.limit) continue;
    const windowStart = Math.floor(now.getTime() / limit.windowMs) * limit.windowMs;
    const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + limit.windowMs - now.getTime()) / 1000));
    throw new AppError(
      "rate_limited",
      `Too many ${limit.what}: the limit is ${limit.limit} per ${limit.per ?? `${Math.round(limit.windowMs / 60000)} minutes`}. Try again in ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
    );
  }
}

/**
 * Several counters in one statement (one round trip instead of one each); all of them count the request.
 * Refuses with the first limit, in the given order, that the request goes over.
 */
export async function consumeRateLimits(limits: RateLimit[], now: Date = new Date()): Promise<void> {
  const rows = await getDb().$queryRawUnsafe<{ key: string; count: number }[]>(
    countRequestsSql("$1", "$2"),
    limits.map((l) => l.key),
    rateLimitWindows(limits, now),
  );
  enforceRateLimits(limits, rows, now);
}
