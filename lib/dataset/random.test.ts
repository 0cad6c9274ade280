import { describe, expect, it } from "vitest";
import { SplitMix64, deriveSeed, hashToUnitInterval } from "./random";

const MASK_64 = (1n << 64n) - 1n;

/** Straightforward BigInt SplitMix64, the reference the 32-bit-halves version must match. */
function referenceSplitMix64(seed: bigint): () => bigint {
  let state = seed;
  return () => {
    state = (state + 0x9e3779b97f4a7c15n) & MASK_64;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK_64;
    return z ^ (z >> 31n);
  };
}

function toBigInt({ hi, lo }: { hi: number; lo: number }): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo);
}

describe("SplitMix64", () => {
  it("reproduces the published test vectors", () => {
    const fromZero = new SplitMix64(0);
    expect(toBigInt(fromZero.nextUint64()).toString(16)).toBe("e220a8397b1dcdaf");
    const fromJavaExample = new SplitMix64(1234567);
    expect([1, 2, 3].map(() => toBigInt(fromJavaExample.nextUint64()).toString())).toEqual([
      "6457827717110365317",
      "3203168211198807973",
      "9817491932198370423",
    ]);
  });

  it("matches the BigInt reference over many draws and large seeds", () => {
    for (const seed of [1, 42, 2 ** 40 + 7, Number.MAX_SAFE_INTEGER]) {
      const fast = new SplitMix64(seed);
      const reference = referenceSplitMix64(BigInt(seed));
      for (let i = 0; i < 2000; i++) expect(toBigInt(fast.nextUint64())).toBe(reference());
    }
  });

  it("draws floats in [0, 1) and unbiased-looking integers in [0, bound)", () => {
    const rng = new SplitMix64(7);
    const counts = [0, 0, 0];
    let smallest = 1;
    let largest = 0;
    for (let i = 0; i < 30_000; i++) {
      const x = rng.nextFloat();
      smallest = Math.min(smallest, x);
      largest = Math.max(largest, x);
      counts[rng.nextInt(3)]++;
    }
    expect(smallest).toBeGreaterThanOrEqual(0);
    expect(smallest).toBeLessThan(0.001);
    expect(largest).toBeLessThan(1);
    expect(largest).toBeGreaterThan(0.999);
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it("rejects invalid seeds and bounds", () => {
    expect(() => new SplitMix64(-1)).toThrow(RangeError);
    expect(() => new SplitMix64(1.5)).toThrow(RangeError);
    expect(() => new SplitMix64(1).nextInt(0)).toThrow(RangeError);
  });
});

describe("derived seeds", () => {
  it("depend on both the seed and the label, and nothing else", () => {
    expect(deriveSeed(1, "physics")).toEqual(deriveSeed(1, "physics"));
    expect(deriveSeed(1, "physics")).not.toEqual(deriveSeed(2, "physics"));
    expect(deriveSeed(1, "physics")).not.toEqual(deriveSeed(1, "biology"));
    const u = hashToUnitInterval(3, "vote-1");
    expect(u).toBeGreaterThanOrEqual(0);
    expect(u).toBeLessThan(1);
    expect(hashToUnitInterval(3, "vote-1")).toBe(u);
  });
});
