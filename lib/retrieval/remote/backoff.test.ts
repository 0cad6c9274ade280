import { describe, expect, it } from "vitest";
import { backoffMs, parseRetryAfter, RETRYABLE_STATUS } from "./backoff";

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("3")).toBe(3);
    const now = Date.parse("2026-11-27T10:00:00Z");
    expect(parseRetryAfter("Fri, 27 Nov 2026 10:00:05 GMT", now)).toBe(5);
    expect(parseRetryAfter("Fri, 27 Nov 2026 09:00:00 GMT", now)).toBe(0);
  });

  it("returns null for missing or unreadable values", () => {
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter("soon")).toBeNull();
  });
});

describe("backoffMs", () => {
  it("doubles per attempt within the jitter band and is capped", () => {
    expect(backoffMs(1, () => 0.5)).toBe(250);
    expect(backoffMs(3, () => 0.5)).toBe(1000);
    expect(backoffMs(3, () => 0)).toBe(750);
    expect(backoffMs(10, () => 1)).toBe(5000);
  });

  it("retries on 429 and 5xx only", () => {
    expect([429, 500, 503, 400, 404].map(RETRYABLE_STATUS)).toEqual([true, true, true, false, false]);
  });
});
