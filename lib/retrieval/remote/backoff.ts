// Retry timing for remote search backends: exponential backoff with jitter, or the server's Retry-After.

export const RETRYABLE_STATUS = (status: number) => status === 429 || status >= 500;

/** Seconds from a Retry-After header (delta-seconds or an HTTP date); null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, (date - now) / 1000);
}

/** Milliseconds to wait before retry number `attempt` (1-based): 250 ms doubling, ±25% jitter, at most 4 s. */
export function backoffMs(attempt: number, random = Math.random): number {
  const base = Math.min(4000, 250 * 2 ** (attempt - 1));
  return Math.round(base * (0.75 + random() * 0.5));
}
