// Deterministic random numbers. 64-bit arithmetic is done on (high, low) 32-bit halves because BigInt is
// two orders of magnitude slower and the generator feeds millions of draws.

const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_53 = 1 / 9007199254740992;

const GOLDEN_HI = 0x9e3779b9;
const GOLDEN_LO = 0x7f4a7c15;
const MIX1_HI = 0xbf58476d;
const MIX1_LO = 0x1ce4e5b9;
const MIX2_HI = 0x94d049bb;
const MIX2_LO = 0x133111eb;

/** A 64-bit unsigned integer as two unsigned 32-bit halves. */
interface U64 {
  hi: number;
  lo: number;
}

/** High 32 bits of the 64-bit product of two unsigned 32-bit integers. */
function mulHigh32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const middle = a0 * b1 + a1 * b0; // < 2^33, exact in a double
  const low = a0 * b0 + (middle % 65536) * 65536; // < 2^33
  return (a1 * b1 + Math.floor(middle / 65536) + Math.floor(low / TWO_POW_32)) >>> 0;
}

/** (x · m) mod 2^64, written into `out`. */
function mul64(xHi: number, xLo: number, mHi: number, mLo: number, out: U64): void {
  out.hi = (mulHigh32(xLo, mLo) + Math.imul(xLo, mHi) + Math.imul(xHi, mLo)) >>> 0;
  out.lo = Math.imul(xLo, mLo) >>> 0;
}

/** (x + y) mod 2^64, written into `out`. */
function add64(xHi: number, xLo: number, yHi: number, yLo: number, out: U64): void {
  const lo = xLo + yLo;
  out.lo = lo >>> 0;
  out.hi = (xHi + yHi + (lo >= TWO_POW_32 ? 1 : 0)) >>> 0;
}

/** SplitMix64's finaliser (Stafford variant 13), in place. */
function mix64(z: U64): void {
  let hi = z.hi;
  let lo = z.lo;
  lo = (lo ^ ((lo >>> 30) | (hi << 2))) >>> 0;
  hi = (hi ^ (hi >>> 30)) >>> 0;
  mul64(hi, lo, MIX1_HI, MIX1_LO, z);
  hi = z.hi;
  lo = z.lo;
  lo = (lo ^ ((lo >>> 27) | (hi << 5))) >>> 0;
  hi = (hi ^ (hi >>> 27)) >>> 0;
  mul64(hi, lo, MIX2_HI, MIX2_LO, z);
  hi = z.hi;
  lo = z.lo;
  z.lo = (lo ^ ((lo >>> 31) | (hi << 1))) >>> 0;
  z.hi = (hi ^ (hi >>> 31)) >>> 0;
}

function toU64(value: bigint): U64 {
  const masked = BigInt.asUintN(64, value);
  return { hi: Number(masked >> 32n), lo: Number(masked & 0xffffffffn) };
}

function assertSafeNonNegativeInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
  }
}

/**
 * Counter-based SplitMix64 stream, bit-compatible with `uniform()` in shared/bench/ratings/gen_battles.py:
 * value i (0-based) = mix(key + (i + 1) · golden), key = mix(seed · 1_000_003 + stream mod 2^64).
 * Independent streams for the same seed make every consumer reproducible on its own.
 */
export class SplitMix64Stream {
  private readonly key: U64;
  private counter = 0;
  private readonly scratch: U64 = { hi: 0, lo: 0 };
  private readonly product: U64 = { hi: 0, lo: 0 };

  constructor(seed: number, stream: number, offset = 0) {
    assertSafeNonNegativeInteger("seed", seed);
    assertSafeNonNegativeInteger("stream", stream);
    assertSafeNonNegativeInteger("offset", offset);
    this.key = toU64(BigInt(seed) * 1_000_003n + BigInt(stream));
    mix64(this.key);
    this.counter = offset;
  }

  /** Next 64-bit output as two 32-bit halves (valid until the next call). */
  next64(): Readonly<U64> {
    this.counter += 1;
    const counterHi = Math.floor(this.counter / TWO_POW_32);
    const counterLo = this.counter >>> 0;
    // counter · golden mod 2^64, with the counter's high half folded in.
    mul64(counterHi, counterLo, GOLDEN_HI, GOLDEN_LO, this.product);
    add64(this.key.hi, this.key.lo, this.product.hi, this.product.lo, this.scratch);
    mix64(this.scratch);
    return this.scratch;
  }

  /** Uniform double in [0, 1) from the top 53 bits. */
  nextDouble(): number {
    const z = this.next64();
    return (z.hi * 2097152 + (z.lo >>> 11)) * TWO_POW_MINUS_53;
  }
}

/** `count` doubles of {@link SplitMix64Stream}, like `uniform(seed, stream, count, offset)` in gen_battles.py. */
export function splitMixUniforms(seed: number, stream: number, count: number, offset = 0): Float64Array {
  const generator = new SplitMix64Stream(seed, stream, offset);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = generator.nextDouble();
  return out;
}

/** A source of uniform random numbers. */
export interface RandomSource {
  /** Uniform unsigned 32-bit integer. */
  nextUint32(): number;
  /** Uniform double in [0, 1) with 53 random bits. */
  nextDouble(): number;
  /** Uniform integer in [0, bound), unbiased, for 1 ≤ bound ≤ 2^32. */
  nextBelow(bound: number): number;
}

/**
 * xoshiro128** (Blackman & Vigna): fast 32-bit generator for the bootstrap's inner loops, seeded from a
 * SplitMix64 stream so that (seed, stream) fully determines it.
 */
export class Xoshiro128 implements RandomSource {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** From an explicit state (not all zero); use {@link Xoshiro128.seeded} otherwise. */
  constructor(s0: number, s1: number, s2: number, s3: number) {
    if ((s0 | s1 | s2 | s3) === 0) throw new RangeError("xoshiro128** state must not be all zero");
    this.s0 = s0 >>> 0;
    this.s1 = s1 >>> 0;
    this.s2 = s2 >>> 0;
    this.s3 = s3 >>> 0;
  }

  /** The generator for (seed, stream): its state is the first two outputs of that SplitMix64 stream. */
  static seeded(seed: number, stream: number): Xoshiro128 {
    const seeder = new SplitMix64Stream(seed, stream);
    const first = seeder.next64();
    const s0 = first.hi;
    const s1 = first.lo;
    const second = seeder.next64();
    const zero = (s0 | s1 | second.hi | second.lo) === 0;
    return new Xoshiro128(zero ? 1 : s0, s1, second.hi, second.lo);
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  nextDouble(): number {
    const high27 = this.nextUint32() >>> 5;
    const low26 = this.nextUint32() >>> 6;
    return (high27 * 67108864 + low26) * TWO_POW_MINUS_53;
  }

  nextBelow(bound: number): number {
    if (!(bound >= 1 && bound <= TWO_POW_32) || !Number.isInteger(bound)) {
      throw new RangeError(`bound must be an integer in [1, 2^32], got ${bound}`);
    }
    if (bound === TWO_POW_32) return this.nextUint32();
    // Lemire's multiply-and-reject: unbiased, usually a single draw.
    const threshold = (TWO_POW_32 - bound) % bound;
    if (bound <= 2097152) {
      // The product stays below 2^53, so plain double arithmetic is exact.
      for (;;) {
        const product = this.nextUint32() * bound;
        if (product % TWO_POW_32 >= threshold) return Math.floor(product / TWO_POW_32);
      }
    }
    for (;;) {
      const draw = this.nextUint32();
      if (Math.imul(draw, bound) >>> 0 >= threshold) return mulHigh32(draw, bound);
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
