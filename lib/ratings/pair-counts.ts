import { OUTCOME_CODE, type PairCell, type VoteColumns, type VoteRecord } from "./types";

/**
 * Vote counts per pair of models: the sufficient statistic of plain Bradley-Terry. O(K²) memory whatever
 * the number of votes, so the database can `GROUP BY` and hand over only these.
 */
export interface PairCounts {
  readonly modelCount: number;
  /** `wins[i·K + j]`: votes in which model i beat model j, on either side. */
  readonly wins: Float64Array;
  /** `ties[i·K + j]` (symmetric): ties and both-bad votes between i and j. */
  readonly ties: Float64Array;
}

/** What the fit needs: battle counts n_ij (symmetric) and scores s_ij = wins_ij + ties_ij / 2. */
export interface ComparisonMatrices {
  readonly modelCount: number;
  readonly battles: Float64Array;
  readonly score: Float64Array;
}

export interface ModelTotals {
  battles: Float64Array;
  wins: Float64Array;
  losses: Float64Array;
  ties: Float64Array;
}

export function emptyPairCounts(modelCount: number): PairCounts {
  if (!Number.isInteger(modelCount) || modelCount < 0) {
    throw new RangeError(`modelCount must be a non-negative integer, got ${modelCount}`);
  }
  return { modelCount, wins: new Float64Array(modelCount * modelCount), ties: new Float64Array(modelCount * modelCount) };
}

function checkPair(a: number, b: number, modelCount: number, where: string): void {
  if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < 0 || a >= modelCount || b >= modelCount) {
    throw new RangeError(`${where}: model indices must be integers in [0, ${modelCount}), got a=${a}, b=${b}`);
  }
  if (a === b) throw new RangeError(`${where}: a model cannot battle itself (a = b = ${a})`);
}

function checkCount(value: number, name: string, where: string): void {
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new RangeError(`${where}: ${name} must be a finite non-negative number, got ${value}`);
  }
}

function isVoteRecord(item: VoteRecord | PairCell): item is VoteRecord {
  return "outcome" in item;
}

/** Add one pair cell's counts (any orientation) to `counts`. */
export function addCell(counts: PairCounts, a: number, b: number, winsA: number, winsB: number, ties: number): void {
  const K = counts.modelCount;
  counts.wins[a * K + b] += winsA;
  counts.wins[b * K + a] += winsB;
  counts.ties[a * K + b] += ties;
  counts.ties[b * K + a] += ties;
}

/**
 * Aggregate vote records (`{a, b, outcome, count?}`, e.g. single votes or `GROUP BY (a, b, outcome)` rows)
 * and/or pre-aggregated cells (`{a, b, winsA, winsB, ties, bothBad?}`) into pair counts.
 * Cells for (a, b) and (b, a) may both appear; they add up.
 */
export function aggregate(items: Iterable<VoteRecord | PairCell>, modelCount: number): PairCounts {
  const counts = emptyPairCounts(modelCount);
  let position = 0;
  for (const item of items) {
    const where = `item ${position}`;
    checkPair(item.a, item.b, modelCount, where);
    if (isVoteRecord(item)) {
      const weight = item.count ?? 1;
      checkCount(weight, "count", where);
      switch (item.outcome) {
        case "A":
          addCell(counts, item.a, item.b, weight, 0, 0);
          break;
        case "B":
          addCell(counts, item.a, item.b, 0, weight, 0);
          break;
        case "TIE":
        case "BOTH_BAD":
          addCell(counts, item.a, item.b, 0, 0, weight);
          break;
        default:
          throw new RangeError(`${where}: unknown outcome ${JSON.stringify(item.outcome)}`);
      }
    } else {
      checkCount(item.winsA, "winsA", where);
      checkCount(item.winsB, "winsB", where);
      checkCount(item.ties, "ties", where);
      const bothBad = item.bothBad ?? 0;
      checkCount(bothBad, "bothBad", where);
      addCell(counts, item.a, item.b, item.winsA, item.winsB, item.ties + bothBad);
    }
    position += 1;
  }
  return counts;
}

/** Aggregate vote columns (optionally weighted per vote, e.g. by a bootstrap draw). */
export function aggregateColumns(columns: VoteColumns, modelCount: number, weights?: ArrayLike<number>): PairCounts {
  const { modelA, modelB, outcome } = columns;
  const voteCount = modelA.length;
  if (modelB.length !== voteCount || outcome.length !== voteCount) {
    throw new RangeError(`vote columns differ in length: ${modelA.length}, ${modelB.length}, ${outcome.length}`);
  }
  if (weights !== undefined && weights.length !== voteCount) {
    throw new RangeError(`weights has length ${weights.length}, expected ${voteCount}`);
  }
  const counts = emptyPairCounts(modelCount);
  const K = modelCount;
  for (let v = 0; v < voteCount; v++) {
    const a = modelA[v];
    const b = modelB[v];
    if (a < 0 || b < 0 || a >= K || b >= K || a === b) checkPair(a, b, K, `vote ${v}`);
    const weight = weights === undefined ? 1 : weights[v];
    const code = outcome[v];
    if (code === OUTCOME_CODE.A) counts.wins[a * K + b] += weight;
    else if (code === OUTCOME_CODE.B) counts.wins[b * K + a] += weight;
    else if (code === OUTCOME_CODE.TIE || code === OUTCOME_CODE.BOTH_BAD) {
      counts.ties[a * K + b] += weight;
      counts.ties[b * K + a] += weight;
    } else throw new RangeError(`vote ${v}: unknown outcome code ${code}`);
  }
  return counts;
}

/** Battle counts and scores (ties as half a win each way) of pair counts. */
export function comparisonMatrices(counts: PairCounts): ComparisonMatrices {
  const K = counts.modelCount;
  const battles = new Float64Array(K * K);
  const score = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      if (i === j) continue;
      const ij = i * K + j;
      battles[ij] = counts.wins[ij] + counts.wins[j * K + i] + counts.ties[ij];
      score[ij] = counts.wins[ij] + 0.5 * counts.ties[ij];
    }
  }
  return { modelCount: K, battles, score };
}

/** Per-model battles, wins, losses and ties. */
export function modelTotals(counts: PairCounts): ModelTotals {
  const K = counts.modelCount;
  const totals: ModelTotals = {
    battles: new Float64Array(K),
    wins: new Float64Array(K),
    losses: new Float64Array(K),
    ties: new Float64Array(K),
  };
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      if (i === j) continue;
      totals.wins[i] += counts.wins[i * K + j];
      totals.losses[i] += counts.wins[j * K + i];
      totals.ties[i] += counts.ties[i * K + j];
    }
    totals.battles[i] = totals.wins[i] + totals.losses[i] + totals.ties[i];
  }
  return totals;
}

/** The counts among a subset of models, re-indexed in the order of `models`. */
export function restrictPairCounts(counts: PairCounts, models: readonly number[]): PairCounts {
  const K = counts.modelCount;
  const restricted = emptyPairCounts(models.length);
  const M = models.length;
  for (let x = 0; x < M; x++) {
    for (let y = 0; y < M; y++) {
      if (x === y) continue;
      restricted.wins[x * M + y] = counts.wins[models[x] * K + models[y]];
      restricted.ties[x * M + y] = counts.ties[models[x] * K + models[y]];
    }
  }
  return restricted;
}
