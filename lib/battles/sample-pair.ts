// Picks the two models of a battle and their sides. Pure: the random source and the battle counts are
// injected.
//
// Every unordered pair {i, j} of distinct models gets the probability
//   uniform:   p(i, j) ∝ w_i · w_j
//   balanced:  p(i, j) ∝ w_i · w_j / (1 + n_ij − n_min)
// where w is the model's weight (default 1; 0 excludes the model), n_ij the number of battles the pair
// has had so far and n_min the smallest such count among the candidate pairs. Balanced mode so favours the
// least-sampled pairs without making the next pair predictable. Which of the two models is shown as A is
// a fair coin, independent of the draw. A model is never paired with itself.

export type PairingMode = "uniform" | "balanced";
export const PAIRING_MODES: readonly PairingMode[] = ["uniform", "balanced"];

export interface Pairing<T> {
  a: T;
  b: T;
}

export interface PairingOptions<T> {
  mode?: PairingMode;
  /** Non-negative sampling weight of a model (default 1). */
  weight?: (model: T) => number;
  /** Battles the unordered pair has had so far (balanced mode). */
  pairCount?: (x: T, y: T) => number;
}

/** The probability of every unordered pair (i < j) under the given options. */
export function pairProbabilities<T>(models: readonly T[], options: PairingOptions<T> = {}): { i: number; j: number; p: number }[] {
  const mode = options.mode ?? "uniform";
  const weights = models.map((m) => {
    const w = options.weight ? options.weight(m) : 1;
    if (!Number.isFinite(w) || w < 0) throw new Error(`A model's sampling weight must be a finite number >= 0 (got ${w}).`);
    return w;
  });
  const pairs: { i: number; j: number; p: number }[] = [];
  for (let i = 0; i < models.length; i++) {
    for (let j = i + 1; j < models.length; j++) {
      if (weights[i] > 0 && weights[j] > 0) pairs.push({ i, j, p: weights[i] * weights[j] });
    }
  }
  if (pairs.length === 0) {
    const eligible = weights.filter((w) => w > 0).length;
    throw new Error(`A battle needs two different active models; ${eligible} available.`);
  }
  if (mode === "balanced") {
    const counts = pairs.map(({ i, j }) => {
      const n = options.pairCount ? options.pairCount(models[i], models[j]) : 0;
      return Number.isFinite(n) && n > 0 ? n : 0;
    });
    const min = Math.min(...counts);
    pairs.forEach((pair, k) => (pair.p /= 1 + counts[k] - min));
  }
  const total = pairs.reduce((s, pair) => s + pair.p, 0);
  for (const pair of pairs) pair.p /= total;
  return pairs;
}

export function samplePair<T>(models: readonly T[], random: () => number = Math.random, options: PairingOptions<T> = {}): Pairing<T> {
  if (models.length < 2) {
    throw new Error(`A battle needs two different active models; ${models.length} available.`);
  }
  const pairs = pairProbabilities(models, options);
  const u = random();
  let chosen = pairs[pairs.length - 1];
  let cumulative = 0;
  for (const pair of pairs) {
    cumulative += pair.p;
    if (u < cumulative) {
      chosen = pair;
      break;
    }
  }
  const [x, y] = [models[chosen.i], models[chosen.j]];
  return random() < 0.5 ? { a: x, b: y } : { a: y, b: x };
}

/** Key of an unordered pair of ids, for battle counts. */
export function pairKey(x: string, y: string): string {
  return x < y ? `${x}|${y}` : `${y}|${x}`;
}
