import { nullIfBlank } from "./optional-text";
import { compareCodeUnits, compareGroupNames } from "./ordering";
import { hashToUnitInterval } from "./random";
import type { VoteSamplingKey } from "./stored-vote";

// The Eval split: per discipline, equally many votes for A and for B (ties and both-bad left out).
//
// Each vote gets a priority that depends only on (seed, vote id); per discipline and side the votes
// with the smallest priorities are taken ("bottom-k" sampling). That is a uniform random sample, and
// because priorities do not depend on arrival order, the database may deliver the tuples in any order
// and only k candidates per discipline and side are ever held: memory is O(disciplines x k) however
// many votes exist. The caller then streams the full records of the chosen ids.

export const DEFAULT_VOTES_PER_SIDE = 250;

export const SAMPLING_METHOD =
  "per discipline, the votes for A and for B with the smallest priority SHA-256(seed, vote id) " +
  "(a seeded uniform sample independent of input order); min(requested, available A, available B) per side";

export interface BalancedSampleOptions {
  seed: number;
  /** Votes for A and votes for B to take per discipline (each). */
  votesPerSide?: number;
}

export interface DisciplineSampleCounts {
  /** null: votes whose question has no discipline. */
  discipline: string | null;
  requestedPerSide: number;
  availableA: number;
  availableB: number;
  excludedTies: number;
  excludedBothBad: number;
  takenA: number;
  takenB: number;
}

export interface BalancedSampleReport {
  seed: number;
  votesPerSide: number;
  method: string;
  /** Sorted by discipline name, the no-discipline group last. */
  disciplines: DisciplineSampleCounts[];
  totalConsidered: number;
  totalTaken: number;
}

export interface BalancedSample<P = undefined> {
  /** Chosen vote ids in ascending code-unit order: the order to write the records in. */
  voteIds: string[];
  /** What was added with each chosen vote, in the order of `voteIds`. */
  payloads: P[];
  report: BalancedSampleReport;
}

/** `P`: something kept with each candidate, handed back with the chosen ones (e.g. where its record is). */
export interface BalancedSampler<P = undefined> {
  add(key: VoteSamplingKey, ...payload: P extends undefined ? [] : [P]): void;
  finish(): BalancedSample<P>;
}

interface Candidate<P> {
  priority: number;
  voteId: string;
  payload: P;
}

interface SideBucket<P> {
  available: number;
  candidates: Candidate<P>[];
}

interface DisciplineBucket<P> {
  discipline: string | null;
  a: SideBucket<P>;
  b: SideBucket<P>;
  ties: number;
  bothBad: number;
}

function compareCandidates(left: Candidate<unknown>, right: Candidate<unknown>): number {
  return left.priority - right.priority || compareCodeUnits(left.voteId, right.voteId);
}

function keepSmallest(bucket: SideBucket<unknown>, limit: number): void {
  bucket.candidates.sort(compareCandidates);
  bucket.candidates.length = Math.min(bucket.candidates.length, limit);
}

export function createBalancedSampler<P = undefined>({ seed, votesPerSide = DEFAULT_VOTES_PER_SIDE }: BalancedSampleOptions): BalancedSampler<P> {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
  if (!Number.isInteger(votesPerSide) || votesPerSide < 0) {
    throw new RangeError(`votesPerSide must be a non-negative integer, got ${votesPerSide}`);
  }
  const buckets = new Map<string | null, DisciplineBucket<P>>();
  let considered = 0;
  let finished = false;

  const bucketFor = (discipline: string | null): DisciplineBucket<P> => {
    let bucket = buckets.get(discipline);
    if (!bucket) {
      bucket = {
        discipline,
        a: { available: 0, candidates: [] },
        b: { available: 0, candidates: [] },
        ties: 0,
        bothBad: 0,
      };
      buckets.set(discipline, bucket);
    }
    return bucket;
  };

  const offer = (side: SideBucket<P>, voteId: string, payload: P): void => {
    side.available++;
    if (votesPerSide === 0) return;
    side.candidates.push({ priority: hashToUnitInterval(seed, voteId), voteId, payload });
    // Compacting only at twice the limit holds at most 2k candidates with amortized O(log k) work per vote.
    if (side.candidates.length >= 2 * votesPerSide) keepSmallest(side, votesPerSide);
  };

  return {
    add(key, ...rest) {
      if (finished) throw new Error("the sampler has already finished");
      const payload = rest[0] as P;
      considered++;
      const bucket = bucketFor(nullIfBlank(key.discipline));
      switch (key.choice) {
        case "A":
          offer(bucket.a, key.voteId, payload);
          break;
        case "B":
          offer(bucket.b, key.voteId, payload);
          break;
        case "TIE":
          bucket.ties++;
          break;
        case "BOTH_BAD":
          bucket.bothBad++;
          break;
      }
    },

    finish() {
      finished = true;
      const chosen: Candidate<P>[] = [];
      const disciplines: DisciplineSampleCounts[] = [];
      const ordered = [...buckets.values()].sort((x, y) => compareGroupNames(x.discipline, y.discipline));
      for (const bucket of ordered) {
        const takePerSide = Math.min(votesPerSide, bucket.a.available, bucket.b.available);
        for (const side of [bucket.a, bucket.b]) {
          keepSmallest(side, takePerSide);
          chosen.push(...side.candidates);
        }
        disciplines.push({
          discipline: bucket.discipline,
          requestedPerSide: votesPerSide,
          availableA: bucket.a.available,
          availableB: bucket.b.available,
          excludedTies: bucket.ties,
          excludedBothBad: bucket.bothBad,
          takenA: takePerSide,
          takenB: takePerSide,
        });
      }
      chosen.sort((left, right) => compareCodeUnits(left.voteId, right.voteId));
      const voteIds = chosen.map((candidate) => candidate.voteId);
      return {
        voteIds,
        payloads: chosen.map((candidate) => candidate.payload),
        report: {
          seed,
          votesPerSide,
          method: SAMPLING_METHOD,
          disciplines,
          totalConsidered: considered,
          totalTaken: voteIds.length,
        },
      };
    },
  };
}

export function sampleBalancedPerDiscipline(keys: Iterable<VoteSamplingKey>, options: BalancedSampleOptions): BalancedSample {
  const sampler = createBalancedSampler(options);
  for (const key of keys) sampler.add(key);
  return sampler.finish();
}
