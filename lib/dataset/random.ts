import { hash } from "node:crypto";

// SplitMix64 (Steele, Lea & Flood 2014), the generator Java's SplittableRandom uses. The 64-bit state
// is kept as two unsigned 32-bit halves because BigInt arithmetic is ~20x slower, and bootstraps draw
// millions of numbers.

const GAMMA_HI = 0x9e3779b9;
const GAMMA_LO = 0x7f4a7c15;
const MIX1: Uint64Halves = { hi: 0xbf58476d, lo: 0x1ce4e5b9 };
const MIX2: Uint64Halves = { hi: 0x94d049bb, lo: 0x133111eb };
const TWO_POW_32 = 0x1_0000_0000;

/** A 64-bit value as unsigned 32-bit halves. */
export interface Uint64Halves {
  hi: number;
  lo: number;
}

/** Low 64 bits of a 64x64-bit product. */
function multiply64(a: Uint64Halves, b: Uint64Halves): Uint64Halves {
  // a.lo * b.lo needs its full 64 bits, so it is built from 16-bit pieces that stay exact in doubles.
  const a0 = a.lo & 0xffff;
  const a1 = a.lo >>> 16;
  const b0 = b.lo & 0xffff;
  const b1 = b.lo >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const p11 = a1 * b1;
  const middle = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  const lo = (((middle & 0xffff) << 16) | (p00 & 0xffff)) >>> 0;
  const carry = p11 + (p01 >>> 16) + (p10 >>> 16) + (middle >>> 16);
  const hi = (carry + Math.imul(a.hi, b.lo) + Math.imul(a.lo, b.hi)) >>> 0;
  return { hi, lo };
}

/** Seeded SplitMix64. Same seed, same sequence, on every platform. */
export class SplitMix64 {
  private stateHi: number;
  private stateLo: number;

  constructor(seed: number | Uint64Halves) {
    if (typeof seed === "number") {
      if (!Number.isSafeInteger(seed) || seed < 0) {
        throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
      }
      this.stateHi = Math.floor(seed / TWO_POW_32) >>> 0;
      this.stateLo = seed >>> 0;
    } else {
      this.stateHi = seed.hi >>> 0;
      this.stateLo = seed.lo >>> 0;
    }
  }

  /** The next 64-bit output. */
  nextUint64(): Uint64Halves {
    const lo = this.stateLo + GAMMA_LO;
    this.stateLo = lo >>> 0;
    this.stateHi = (this.stateHi + GAMMA_HI + (lo >= TWO_POW_32 ? 1 : 0)) >>> 0;

    let z = xorShiftRight({ hi: this.stateHi, lo: this.stateLo }, 30);
    z = multiply64(z, MIX1);
    z = xorShiftRight(z, 27);
    z = multiply64(z, MIX2);
    return xorShiftRight(z, 31);
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const { hi, lo } = this.nextUint64();
    return ((hi >>> 11) * TWO_POW_32 + lo) / 2 ** 53;
  }

  /** Uniform integer in [0, bound), bound ≤ 2^32, without modulo bias. */
  nextInt(bound: number): number {
    if (!Number.isInteger(bound) || bound <= 0 || bound > TWO_POW_32) {
      throw new RangeError(`bound must be an integer in [1, 2^32], got ${bound}`);
    }
    // Rejecting draws from the incomplete last block of size `bound` removes modulo bias.
    const acceptBelow = TWO_POW_32 - (TWO_POW_32 % bound);
    for (;;) {
      const draw = this.nextUint64().hi;
      if (draw < acceptBelow) return draw % bound;
    }
  }
}

function xorShiftRight(value: Uint64Halves, shift: number): Uint64Halves {
  // shift is always in (0, 32) here.
  const shiftedHi = value.hi >>> shift;
  const shiftedLo = ((value.lo >>> shift) | (value.hi << (32 - shift))) >>> 0;
  return { hi: (value.hi ^ shiftedHi) >>> 0, lo: (value.lo ^ shiftedLo) >>> 0 };
}

/**
 * A 64-bit seed derived from a base seed and a label, so that independent streams (one per discipline,
 * one per vote id) do not shift when other labels are added or removed.
 */
export function deriveSeed(baseSeed: number, label: string): Uint64Halves {
  // One-shot hash: a third of the cost of a Hash object, and the export derives one per vote.
  const digest = hash("sha256", `${baseSeed}\u0000${label}`, "buffer");
  return { hi: digest.readUInt32BE(0), lo: digest.readUInt32BE(4) };
}

/** A uniform number in [0, 1) determined only by (seed, label): order-independent priorities. */
export function hashToUnitInterval(seed: number, label: string): number {
  const { hi, lo } = deriveSeed(seed, label);
  return ((hi >>> 11) * TWO_POW_32 + lo) / 2 ** 53;
}
