import { describe, expect, it } from "vitest";
import { seededRandom } from "@/lib/ai/seeded-random";
import { samplePair } from "./sample-pair";

describe("samplePair", () => {
  it("never pairs a model with itself", () => {
    const random = seededRandom(1);
    for (let i = 0; i < 2000; i++) {
      const { a, b } = samplePair(["x", "y", "z"], random);
      expect(a).not.toBe(b);
    }
  });

  it("is uniform over ordered pairs (chi-square, 6 cells)", () => {
    const random = seededRandom(42);
    const counts = new Map<string, number>();
    const draws = 60_000;
    for (let i = 0; i < draws; i++) {
      const { a, b } = samplePair(["x", "y", "z"], random);
      counts.set(a + b, (counts.get(a + b) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    const expected = draws / 6;
    const chi2 = [...counts.values()].reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // 5 degrees of freedom: P(chi2 > 20.5) < 0.001.
    expect(chi2).toBeLessThan(20.5);
  });

  it("refuses fewer than two models", () => {
    expect(() => samplePair(["only"])).toThrow(/two different active models/);
  });
});
