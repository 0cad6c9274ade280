// Recognizes "the database cannot be reached right now" in the shapes pg, the Prisma adapter and
// PostgreSQL itself report it, so callers answer 503 or retry instead of failing for good.

const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "P1001",
  "P1002",
  "P1017",
  "P2024",
]);

const UNAVAILABLE_MESSAGE =
  /Can't reach database|Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|the database system is (starting up|shutting down|in recovery mode)|Code: `(57P0[123]|08\d{3})`|terminating connection due to administrator command|Client has encountered a connection error|server closed the connection unexpectedly|Server has closed the connection|Connection refused/i;

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown };
  if (typeof e.code === "string" && UNAVAILABLE_CODES.has(e.code)) return true;
  if (typeof e.originalCode === "string" && UNAVAILABLE_CODES.has(e.originalCode)) return true;
  if (typeof e.message === "string" && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  return e.cause !== undefined && e.cause !== error && isDatabaseUnavailable(e.cause, depth + 1);
}

/**
 * Runs a database write again while the database is unreachable (with backoff, up to `maxWaitMs`), so
 * state changes made by background work survive a database restart. Other errors are thrown at once.
 */
export async function withDatabaseRetry<T>(work: () => Promise<T>, options: { maxWaitMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (options.maxWaitMs ?? 120_000);
  let delay = 200;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 5_000);
    }
  }
}
