import { normalizedDifference, OUTCOME_CODE, VoteColumnsBuilder, type Outcome, type OutcomeCode, type StyleFeatureColumn, type VoteColumns } from "@/lib/ratings";

// Votes streamed from the database into typed columns (pure; no I/O): model indices, outcome, the four
// style-feature differences, the vote's discipline and category, and whether its citations carry
// attribution labels. About 46 bytes per vote.

export const STYLE_FEATURES = ["length", "citations", "supporting", "irrelevant"] as const;
export type StyleFeature = (typeof STYLE_FEATURES)[number];
export const BASE_STYLE_FEATURES: readonly StyleFeature[] = ["length", "citations"];
export const LABEL_STYLE_FEATURES: readonly StyleFeature[] = ["supporting", "irrelevant"];

/** Style facts of one answer. */
export interface AnswerStyle {
  /** Length of the displayed answer text (UTF-8 bytes). */
  length: number;
  citations: number;
  supporting: number;
  irrelevant: number;
  /** Citations that carry a label (any value). */
  labeled: number;
}

export const LABELS_COMPLETE = 1;
export const LABELS_PRESENT = 2;

/** Bit 1: every citation of both answers has a label; bit 2: at least one citation has one. */
export function labelState(a: AnswerStyle, b: AnswerStyle): number {
  const complete = a.labeled === a.citations && b.labeled === b.citations ? LABELS_COMPLETE : 0;
  const present = a.labeled + b.labeled > 0 ? LABELS_PRESENT : 0;
  return complete | present;
}

export interface StreamedVotes {
  columns: VoteColumns;
  /** Normalised differences (a − b)/(a + b + 1) of each feature, in STYLE_FEATURES order. */
  features: StyleFeatureColumn[];
  /** Index into `disciplines`, −1 when the question has none. */
  discipline: Int16Array;
  /** Index into `categories`, −1 when none. */
  category: Int16Array;
  labels: Uint8Array;
  disciplines: string[];
  categories: string[];
}

class GrowableInt16 {
  data: Int16Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int16Array(capacity);
  }
  push(value: number) {
    if (this.length === this.data.length) {
      const next = new Int16Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  build() {
    return this.data.slice(0, this.length);
  }
}

class GrowableUint8 {
  data: Uint8Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Uint8Array(capacity);
  }
  push(value: number) {
    if (this.length === this.data.length) {
      const next = new Uint8Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  build() {
    return this.data.slice(0, this.length);
  }
}

export class StreamedVotesBuilder {
  private readonly columns: VoteColumnsBuilder;
  private readonly disciplineCodes: GrowableInt16;
  private readonly categoryCodes: GrowableInt16;
  private readonly labelCodes: GrowableUint8;
  private readonly disciplineIndex = new Map<string, number>();
  private readonly categoryIndex = new Map<string, number>();
  private readonly differences = new Float64Array(STYLE_FEATURES.length);

  constructor(initialCapacity = 1 << 14) {
    this.columns = new VoteColumnsBuilder(STYLE_FEATURES, false, initialCapacity);
    this.disciplineCodes = new GrowableInt16(initialCapacity);
    this.categoryCodes = new GrowableInt16(initialCapacity);
    this.labelCodes = new GrowableUint8(initialCapacity);
  }

  get length(): number {
    return this.columns.length;
  }

  /** The code of a discipline (or category) name, registering it on first sight; −1 for none. */
  disciplineCode(name: string | null): number {
    return this.code(this.disciplineIndex, name);
  }

  categoryCode(name: string | null): number {
    return this.code(this.categoryIndex, name);
  }

  private code(map: Map<string, number>, name: string | null): number {
    if (name === null) return -1;
    let index = map.get(name);
    if (index === undefined) {
      index = map.size;
      if (index > 32_000) throw new RangeError("more than 32,000 distinct disciplines or categories");
      map.set(name, index);
    }
    return index;
  }

  push(a: number, b: number, outcome: Outcome, discipline: string | null, category: string | null, styleA: AnswerStyle, styleB: AnswerStyle): void {
    const code = OUTCOME_CODE[outcome];
    if (code === undefined) throw new RangeError(`unknown outcome ${JSON.stringify(outcome)}`);
    this.pushCoded(a, b, code, this.disciplineCode(discipline), this.categoryCode(category), styleA, styleB);
  }

  /** As `push`, with the outcome's code and the scope codes from `disciplineCode` / `categoryCode`. */
  pushCoded(a: number, b: number, code: OutcomeCode, discipline: number, category: number, styleA: AnswerStyle, styleB: AnswerStyle): void {
    this.differences[0] = normalizedDifference(styleA.length, styleB.length);
    this.differences[1] = normalizedDifference(styleA.citations, styleB.citations);
    this.differences[2] = normalizedDifference(styleA.supporting, styleB.supporting);
    this.differences[3] = normalizedDifference(styleA.irrelevant, styleB.irrelevant);
    this.columns.push(a, b, code, this.differences);
    this.disciplineCodes.push(discipline);
    this.categoryCodes.push(category);
    this.labelCodes.push(labelState(styleA, styleB));
  }

  build(): StreamedVotes {
    const { columns, features } = this.columns.build();
    return {
      columns,
      features,
      discipline: this.disciplineCodes.build(),
      category: this.categoryCodes.build(),
      labels: this.labelCodes.build(),
      disciplines: [...this.disciplineIndex.keys()],
      categories: [...this.categoryIndex.keys()],
    };
  }
}

/** The votes of one scope (all when `filter` is undefined), with the chosen feature columns. */
export function selectVotes(
  votes: StreamedVotes,
  filter: { codes: Int16Array; value: number } | undefined,
  featureNames: readonly StyleFeature[],
): { columns: VoteColumns; features: StyleFeatureColumn[]; labels: Uint8Array } {
  const featureIndex = featureNames.map((name) => STYLE_FEATURES.indexOf(name));
  if (filter === undefined) {
    return { columns: votes.columns, features: featureIndex.map((s) => votes.features[s]), labels: votes.labels };
  }
  const total = votes.columns.modelA.length;
  let count = 0;
  for (let v = 0; v < total; v++) if (filter.codes[v] === filter.value) count += 1;
  const modelA = new Int32Array(count);
  const modelB = new Int32Array(count);
  const outcome = new Uint8Array(count);
  const labels = new Uint8Array(count);
  const differences = featureIndex.map(() => new Float64Array(count));
  let row = 0;
  for (let v = 0; v < total; v++) {
    if (filter.codes[v] !== filter.value) continue;
    modelA[row] = votes.columns.modelA[v];
    modelB[row] = votes.columns.modelB[v];
    outcome[row] = votes.columns.outcome[v];
    labels[row] = votes.labels[v];
    for (let s = 0; s < featureIndex.length; s++) differences[s][row] = votes.features[featureIndex[s]].difference[v];
    row += 1;
  }
  return {
    columns: { modelA, modelB, outcome },
    features: featureNames.map((name, s) => ({ name, difference: differences[s] })),
    labels,
  };
}
