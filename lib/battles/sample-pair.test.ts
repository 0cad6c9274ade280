import { describe, expect, it } from "vitest";

// Statistical tests draw tens of thousands of pairs; a busy machine needs more than the default 5 s.
const SLOW = 60_000;
import { seededRandom } from "@/lib/ai/seeded-random";
import { pairKey, pairProbabilities, samplePair, type PairingOptions } from "./sample-pair";

// Goodness-of-fit with Pearson's chi-square. The critical value at significance 0.001 comes from the
// Wilson–Hilferty approximation (accurate to well under 1% for df >= 3).
function chiSquareCritical(df: number, z = 3.0902): number {
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}

function chiSquare(observed: Map<string, number>, expected: Map<string, number>): number {
  let chi2 = 0;
  for (const [key, e] of expected) chi2 += ((observed.get(key) ?? 0) - e) ** 2 / e;
  return chi2;
}

/** Draws `draws` ordered pairs and tests them against the expected unordered-pair probabilities. */
function fitsExpected<T extends string>(models: T[], options: PairingOptions<T>, seed: number, draws = 60_000) {
  const random = seededRandom(seed);
  const observed = new Map<string, number>();
  let aFirst = 0;
  for (let i = 0; i < draws; i++) {
    const { a, b } = samplePair(models, random, options);
    expect(a).not.toBe(b);
    observed.set(pairKey(a, b), (observed.get(pairKey(a, b)) ?? 0) + 1);
    if (a < b) aFirst++;
  }
  const expected = new Map(pairProbabilities(models, options).map(({ i, j, p }) => [pairKey(models[i], models[j]), p * draws]));
  return { chi2: chiSquare(observed, expected), df: expected.size - 1, observed, aFirst, draws };
}

describe("samplePair", () => {
  it("never pairs a model with itself", () => {
    const random = seededRandom(1);
    for (let i = 0; i < 2000; i++) {
      const { a, b } = samplePair(["x", "y", "z"], random);
      expect(a).not.toBe(b);
    }
  }, SLOW);

  it("is uniform over ordered pairs by default (chi-square, 6 cells)", () => {
    const random = seededRandom(42);
    const counts = new Map<string, number>();
    const draws = 60_000;
    for (let i = 0; i < draws; i++) {
      const { a, b } = samplePair(["x", "y", "z"], random);
      counts.set(a + b, (counts.get(a + b) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    const expected = new Map([...counts.keys()].map((k) => [k, draws / 6]));
    expect(chiSquare(counts, expected)).toBeLessThan(chiSquareCritical(5));
  }, SLOW);

  it("gives each unordered pair probability proportional to the product of the weights", () => {
    const models = ["a", "b", "c", "d", "e"];
    const weights: Record<string, number> = { a: 1, b: 2, c: 0.5, d: 1, e: 3 };
    const options = { weight: (m: string) => weights[m] };
    const probabilities = pairProbabilities(models, options);
    const ab = probabilities.find((p) => p.i === 0 && p.j === 1)!.p;
    const ce = probabilities.find((p) => p.i === 2 && p.j === 4)!.p;
    expect(ab / ce).toBeCloseTo(2 / 1.5, 10);
    const fit = fitsExpected(models, options, 7);
    expect(fit.chi2).toBeLessThan(chiSquareCritical(fit.df));
    // Sides are a fair coin: A is the alphabetically first model about half the time.
    const z = (fit.aFirst - fit.draws / 2) / Math.sqrt(fit.draws / 4);
    expect(Math.abs(z)).toBeLessThan(3.3);
  }, SLOW);

  it("never draws a model of weight 0 and refuses when fewer than two remain", () => {
    const random = seededRandom(3);
    for (let i = 0; i < 3000; i++) {
      const { a, b } = samplePair(["x", "y", "z"], random, { weight: (m) => (m === "y" ? 0 : 1) });
      expect([a, b]).not.toContain("y");
    }
    expect(() => samplePair(["x", "y"], random, { weight: (m) => (m === "y" ? 0 : 1) })).toThrow(/two different active models; 1 available/);
    expect(() => samplePair(["x"], random)).toThrow(/two different active models/);
    expect(() => samplePair(["x", "y"], random, { weight: () => -1 })).toThrow(/weight/);
  }, SLOW);

  it("balanced mode favours the pairs with the fewest battles, in the documented proportion", () => {
    const models = ["a", "b", "c", "d"];
    const counts = new Map([
      [pairKey("a", "b"), 40],
      [pairKey("a", "c"), 10],
      [pairKey("a", "d"), 10],
      [pairKey("b", "c"), 12],
      [pairKey("b", "d"), 25],
      [pairKey("c", "d"), 11],
    ]);
    const options: PairingOptions<string> = { mode: "balanced", pairCount: (x, y) => counts.get(pairKey(x, y)) ?? 0 };
    const probabilities = pairProbabilities(models, options);
    const p = (x: string, y: string) => probabilities.find((q) => pairKey(models[q.i], models[q.j]) === pairKey(x, y))!.p;
    expect(p("a", "c")).toBeCloseTo(p("a", "d"), 12);
    expect(p("a", "c") / p("a", "b")).toBeCloseTo(31, 10);
    expect(p("a", "c") / p("c", "d")).toBeCloseTo(2, 10);
    const fit = fitsExpected(models, options, 11);
    expect(fit.chi2).toBeLessThan(chiSquareCritical(fit.df));
  }, SLOW);

  it("balanced mode evens out a lopsided history; uniform mode does not", () => {
    const models = ["a", "b", "c", "d", "e"];
    const spread = (mode: "uniform" | "balanced") => {
      const counts = new Map<string, number>([[pairKey("a", "b"), 300]]);
      const random = seededRandom(5);
      for (let i = 0; i < 3000; i++) {
        const { a, b } = samplePair(models, random, { mode, pairCount: (x, y) => counts.get(pairKey(x, y)) ?? 0 });
        counts.set(pairKey(a, b), (counts.get(pairKey(a, b)) ?? 0) + 1);
      }
      const values = pairProbabilities(models).map(({ i, j }) => counts.get(pairKey(models[i], models[j])) ?? 0);
      return Math.max(...values) - Math.min(...values);
    };
    // 3300 battles over 10 pairs: balanced fills the other pairs up to the lopsided one (spread of a few),
    // uniform keeps the 300-battle head start.
    expect(spread("balanced")).toBeLessThan(10);
    expect(spread("uniform")).toBeGreaterThan(200);
  }, SLOW);

  it("the goodness-of-fit check has power: it rejects a sampler with a 10% bias", () => {
    const random = seededRandom(8);
    const observed = new Map<string, number>();
    const draws = 60_000;
    for (let i = 0; i < draws; i++) {
      // A subtly biased sampler: pair {x, y} drawn 10% more often than the others.
      const u = random() * 3.1;
      const key = u < 1.1 ? pairKey("x", "y") : u < 2.1 ? pairKey("x", "z") : pairKey("y", "z");
      observed.set(key, (observed.get(key) ?? 0) + 1);
    }
    const expected = new Map([pairKey("x", "y"), pairKey("x", "z"), pairKey("y", "z")].map((k) => [k, draws / 3]));
    expect(chiSquare(observed, expected)).toBeGreaterThan(chiSquareCritical(2));
  }, SLOW);
});
