import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";

// Fixed-window counters in Postgres: every app instance sees the same counts.

export async function consumeRateLimit(options: {
  key: string;
  limit: number;
  windowMs: number;
  what: string;
  /** How the window is named in the message; default "N minutes". */
  per?: string;
  now?: Date;
}): Promise<void> {
  const now = options.now ?? new Date();
  const windowStart = new Date(Math.floor(now.getTime() / options.windowMs) * options.windowMs);
  const rows = await getDb().$queryRaw<{ count: number }[]>`
    INSERT INTO "RateLimitBucket" (key, "windowStart", count) VALUES (${options.key}, ${windowStart}, 1)
    ON CONFLICT (key, "windowStart") DO UPDATE SET count = "RateLimitBucket".count + 1
    RETURNING count`;
  if (rows[0].count > options.limit) {
    const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + options.windowMs - now.getTime()) / 1000));
    throw new AppError(
      "rate_limited",
      `Too many ${options.what}: the limit is ${options.limit} per ${options.per ?? `${Math.round(options.windowMs / 60000)} minutes`}. Try again in ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
    );
  }
}
