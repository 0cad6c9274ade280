// The chi-square upper tail P(X >= x) for X ~ chi²(df), as the regularized upper incomplete gamma
// Q(df/2, x/2). Fisher's method always has an even df (2 per p-value); there the closed form
// Q(m, y) = e^{-y} Σ_{k<m} y^k / k! is exact and is used. Odd df go through the series (small y) or the
// continued fraction (large y) of the incomplete gamma. Pure; no dependencies.

const EPSILON = 1e-15;
const MAX_ITERATIONS = 10_000;

/** ln Γ(z) for z > 0 (Lanczos approximation, g = 7, n = 9; relative error below 1e-15). */
export function logGamma(z: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const x = z - 1;
  let sum = c[0];
  for (let i = 1; i < 9; i++) sum += c[i] / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Even df: the finite sum, accumulated in log space so large x and df neither overflow nor underflow early. */
function evenSurvival(halfDf: number, y: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < halfDf; k++) {
    term *= y / k;
    sum += term;
    if (!Number.isFinite(sum)) return Math.exp(logSumTerms(halfDf, y) - y);
  }
  return Math.min(1, Math.exp(Math.log(sum) - y));
}

function logSumTerms(halfDf: number, y: number): number {
  const logs: number[] = [];
  for (let k = 0; k < halfDf; k++) logs.push(k * Math.log(y) - logGamma(k + 1));
  const max = Math.max(...logs);
  return max + Math.log(logs.reduce((s, l) => s + Math.exp(l - max), 0));
}

/** Lower regularized gamma P(a, y) by its power series (converges fast for y < a + 1). */
function lowerSeries(a: number, y: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= y / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
  }
  return sum * Math.exp(-y + a * Math.log(y) - logGamma(a));
}

/** Upper regularized gamma Q(a, y) by its continued fraction (modified Lentz; for y >= a + 1). */
function upperContinuedFraction(a: number, y: number): number {
  const tiny = 1e-300;
  let b = y + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.exp(-y + a * Math.log(y) - logGamma(a)) * h;
}

/** P(X >= x) for X ~ chi²(df). */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0) || !Number.isFinite(df)) throw new RangeError(`df must be a positive number, got ${df}`);
  if (Number.isNaN(x)) throw new RangeError("x is NaN");
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  const a = df / 2;
  const y = x / 2;
  if (Number.isInteger(df) && df % 2 === 0) return evenSurvival(a, y);
  return y < a + 1 ? 1 - lowerSeries(a, y) : upperContinuedFraction(a, y);
}

/** The x with P(X >= x) = tail, X ~ chi²(df): the critical value of a test at level `tail` (bisection). */
export function chiSquareCritical(tail: number, df: number): number {
  if (!(tail > 0 && tail < 1)) throw new RangeError(`tail must be in (0, 1), got ${tail}`);
  let low = 0;
  let high = Math.max(1, df);
  while (chiSquareSurvival(high, df) > tail) high *= 2;
  for (let i = 0; i < 200 && high - low > 1e-12 * high; i++) {
    const mid = (low + high) / 2;
    if (chiSquareSurvival(mid, df) > tail) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}
