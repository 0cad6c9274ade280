import type { StyleFeatureColumn } from "./style-features";
import type { OutcomeCode, VoteColumns } from "./types";

export interface CollectedVotes {
  columns: VoteColumns;
  features: StyleFeatureColumn[];
  /** Present when the builder was asked to keep timestamps. */
  timestamps?: Float64Array;
}

/**
 * Growable typed-array columns for votes streamed one at a time (a file read line by line, a database
 * cursor): 9 bytes per vote plus 8 per feature (and per timestamp), with amortised doubling.
 */
export class VoteColumnsBuilder {
  private capacity: number;
  private size = 0;
  private modelA: Int32Array;
  private modelB: Int32Array;
  private outcome: Uint8Array;
  private readonly featureValues: Float64Array[];
  private timestampValues: Float64Array | undefined;

  constructor(
    private readonly featureNames: readonly string[] = [],
    keepTimestamps = false,
    initialCapacity = 1024,
  ) {
    this.capacity = Math.max(1, initialCapacity);
    this.modelA = new Int32Array(this.capacity);
    this.modelB = new Int32Array(this.capacity);
    this.outcome = new Uint8Array(this.capacity);
    this.featureValues = featureNames.map(() => new Float64Array(this.capacity));
    this.timestampValues = keepTimestamps ? new Float64Array(this.capacity) : undefined;
  }

  get length(): number {
    return this.size;
  }

  /**
   * @param featureDifferences one normalised difference per feature, in the builder's feature order.
   */
  push(a: number, b: number, outcome: OutcomeCode, featureDifferences: ArrayLike<number> = [], timestamp = 0): void {
    if (featureDifferences.length !== this.featureNames.length) {
      throw new RangeError(`expected ${this.featureNames.length} feature values, got ${featureDifferences.length}`);
    }
    if (this.size === this.capacity) this.grow();
    const row = this.size;
    this.modelA[row] = a;
    this.modelB[row] = b;
    this.outcome[row] = outcome;
    for (let s = 0; s < this.featureValues.length; s++) this.featureValues[s][row] = featureDifferences[s];
    if (this.timestampValues !== undefined) this.timestampValues[row] = timestamp;
    this.size += 1;
  }

  private grow(): void {
    this.capacity *= 2;
    const widen = <T extends Int32Array | Uint8Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const next = make(this.capacity);
      next.set(old);
      return next;
    };
    this.modelA = widen(this.modelA, (n) => new Int32Array(n));
    this.modelB = widen(this.modelB, (n) => new Int32Array(n));
    this.outcome = widen(this.outcome, (n) => new Uint8Array(n));
    for (let s = 0; s < this.featureValues.length; s++) this.featureValues[s] = widen(this.featureValues[s], (n) => new Float64Array(n));
    if (this.timestampValues !== undefined) this.timestampValues = widen(this.timestampValues, (n) => new Float64Array(n));
  }

  /** Trimmed copies of the columns (the builder can be dropped afterwards). */
  build(): CollectedVotes {
    const n = this.size;
    return {
      columns: { modelA: this.modelA.slice(0, n), modelB: this.modelB.slice(0, n), outcome: this.outcome.slice(0, n) },
      features: this.featureNames.map((name, s) => ({ name, difference: this.featureValues[s].slice(0, n) })),
      timestamps: this.timestampValues?.slice(0, n),
    };
  }
}

/** The votes in time order (stable for equal timestamps), for online Elo. */
export function orderByTime(columns: VoteColumns, timestamps: Float64Array): VoteColumns {
  const order = Array.from({ length: timestamps.length }, (_, i) => i);
  let sorted = true;
  for (let i = 1; i < timestamps.length && sorted; i++) sorted = timestamps[i - 1] <= timestamps[i];
  if (sorted) return columns;
  order.sort((x, y) => timestamps[x] - timestamps[y] || x - y);
  return {
    modelA: Int32Array.from(order, (i) => columns.modelA[i]),
    modelB: Int32Array.from(order, (i) => columns.modelB[i]),
    outcome: Uint8Array.from(order, (i) => columns.outcome[i]),
  };
}
