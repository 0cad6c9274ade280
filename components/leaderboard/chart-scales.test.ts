import { describe, expect, it } from "vitest";
import { countColor, formatDay, formatTime, linearScale, niceTicks, textOn, winFractionColor } from "./chart-scales";

describe("chart scales", () => {
  it("picks round ticks", () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(763.6, 1190.1, 6)).toEqual([800, 900, 1000, 1100]);
    expect(niceTicks(5, 5)).toEqual([4, 4.5, 5, 5.5, 6]);
  });

  it("maps the widened domain onto the range", () => {
    const x = linearScale(763.6, 1190.1, 100, 700, 6);
    expect(x.domain).toEqual([700, 1200]);
    expect(x(700)).toBe(100);
    expect(x(1200)).toBe(700);
    expect(x.ticks).toEqual([700, 800, 900, 1000, 1100, 1200]);
    const flat = linearScale(1000, 1000, 0, 10);
    expect(Number.isFinite(flat(1000))).toBe(true);
  });

  it("colours win fractions red to blue through white, and counts pale to deep", () => {
    expect(winFractionColor(0)).toBe("#b2182b");
    expect(winFractionColor(0.5)).toBe("#f7f7f7");
    expect(winFractionColor(1)).toBe("#2166ac");
    expect(countColor(0, 10)).toBe("#eff6ff");
    expect(countColor(10, 10)).toBe("#08306b");
  });

  it("writes dark text on light cells and white on dark cells", () => {
    expect(textOn("#f7f7f7")).toBe("#0f172a");
    expect(textOn("#08306b")).toBe("#ffffff");
    expect(textOn("#b2182b")).toBe("#ffffff");
  });

  it("formats times in UTC", () => {
    expect(formatDay("2026-11-30T23:59:00Z")).toBe("30 Nov 2026");
    expect(formatTime("2026-11-30T04:05:00Z")).toBe("30 Nov 2026, 04:05 UTC");
  });
});
