// Agreement between two labels of the same battle (two researchers, or one researcher twice), as SciArena
// reports it: accuracy and weighted Cohen's kappa on the ordinal scale A better > tie > B better, with
// "both bad" counted as a tie (it is one in the ratings too). Weights are linear: full credit for the same
// level, half credit one level apart (A vs tie), none for opposite answers (A vs B).
// See docs/decisions/071-vote-quality.md.

export type Choice = "A" | "B" | "TIE" | "BOTH_BAD";

export interface LabelPair {
  first: Choice;
  second: Choice;
}

export interface Agreement {
  n: number;
  /** Share of pairs on the same level (both-bad = tie). */
  accuracy: number;
  /** Linearly weighted Cohen's kappa; null when chance agreement is already perfect (one level only). */
  weightedKappa: number | null;
}

const LEVELS = 3;

export function ordinalLevel(choice: Choice): 0 | 1 | 2 {
  return choice === "A" ? 0 : choice === "B" ? 2 : 1;
}

const weight = (i: number, j: number) => 1 - Math.abs(i - j) / (LEVELS - 1);

export function computeAgreement(pairs: readonly LabelPair[]): Agreement {
  const n = pairs.length;
  if (n === 0) return { n: 0, accuracy: Number.NaN, weightedKappa: null };
  const rows = new Array<number>(LEVELS).fill(0);
  const columns = new Array<number>(LEVELS).fill(0);
  let same = 0;
  let observed = 0;
  for (const pair of pairs) {
    const i = ordinalLevel(pair.first);
    const j = ordinalLevel(pair.second);
    rows[i]++;
    columns[j]++;
    if (i === j) same++;
    observed += weight(i, j);
  }
  let expected = 0;
  for (let i = 0; i < LEVELS; i++) for (let j = 0; j < LEVELS; j++) expected += weight(i, j) * (rows[i] / n) * (columns[j] / n);
  const po = observed / n;
  const weightedKappa = expected >= 1 - 1e-12 ? null : (po - expected) / (1 - expected);
  return { n, accuracy: same / n, weightedKappa };
}
