import { describe, expect, it } from "vitest";
import { SplitMix64Stream, Xoshiro128, splitMixUniforms } from "./rng";

describe("SplitMix64Stream", () => {
  it("reproduces gen_battles.py uniform() bit for bit", () => {
    // /usr/bin/python3 -c "import gen_battles as g; print(list(g.uniform(1,10,3)))"
    expect(Array.from(splitMixUniforms(1, 10, 3))).toEqual([0.86442323841736, 0.09006173460042555, 0.2397667095987619]);
    // g.uniform(123456789, 7, 2, offset=5)
    expect(Array.from(splitMixUniforms(123456789, 7, 2, 5))).toEqual([0.10696195633817063, 0.7674918393404495]);
  });

  it("continues a stream across an offset", () => {
    const whole = splitMixUniforms(3, 4, 10);
    const tail = splitMixUniforms(3, 4, 4, 6);
    expect(Array.from(tail)).toEqual(Array.from(whole.subarray(6)));
  });

  it("rejects seeds that are not non-negative safe integers", () => {
    expect(() => new SplitMix64Stream(-1, 0)).toThrow(RangeError);
    expect(() => new SplitMix64Stream(1.5, 0)).toThrow(RangeError);
  });
});

describe("Xoshiro128", () => {
  it("matches the reference xoshiro128** output for state (1, 2, 3, 4)", () => {
    const generator = new Xoshiro128(1, 2, 3, 4);
    const outputs = Array.from({ length: 6 }, () => generator.nextUint32());
    expect(outputs).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it("is determined by (seed, stream) and differs between streams", () => {
    const a = Xoshiro128.seeded(42, 1);
    const b = Xoshiro128.seeded(42, 1);
    const c = Xoshiro128.seeded(42, 2);
    const drawsA = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(drawsA);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(drawsA);
  });

  it("draws unbiased integers below a bound, small and large", () => {
    for (const bound of [3, 1000, 3_000_000_001]) {
      const generator = Xoshiro128.seeded(7, bound % 1000);
      const bins = new Float64Array(3);
      const draws = 60_000;
      let outOfRange = 0;
      for (let i = 0; i < draws; i++) {
        const value = generator.nextBelow(bound);
        if (!(value >= 0 && value < bound && Number.isInteger(value))) outOfRange += 1;
        bins[Math.floor((value / bound) * 3)] += 1;
      }
      expect(outOfRange).toBe(0);
      // Each third should hold 20 000 ± a few hundred (sd ≈ 115).
      for (const count of bins) expect(Math.abs(count - draws / 3)).toBeLessThan(600);
    }
  });

  it("gives doubles in [0, 1) with mean 1/2", () => {
    const generator = Xoshiro128.seeded(1, 1);
    let sum = 0;
    let outOfRange = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = generator.nextDouble();
      if (!(u >= 0 && u < 1)) outOfRange += 1;
      sum += u;
    }
    expect(outOfRange).toBe(0);
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.005);
  });
});
