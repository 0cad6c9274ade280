import { bootstrapMeanIntervals, type Interval } from "./bootstrap";
import { verdictForRecord, type JudgeVerdict } from "./judge-prompt";
import { parseJudgeVerdict } from "./judge-verdict";
import { compareCodeUnits, compareGroupNames } from "./ordering";
import { PUBLISHED_JUDGE_ACCURACY, type PublishedJudgeAccuracy } from "./judge-reference";
import { SplitMix64, deriveSeed } from "./random";
import type { EvalVote, SciArenaEvalRecord } from "./record";

// How well an LLM judge agrees with researchers. Only records the human voted A or B are scored.
// An unusable judge answer (null) counts as wrong for accuracy: a judge must not gain by refusing.

export interface JudgedRecord {
  id: string;
  humanVote: EvalVote;
  subject: string | null;
  questionType: string | null;
  /** Verdict with the record's responseA shown first, as parsed; null when unusable. */
  original: JudgeVerdict | null;
  /** Verdict with responseB shown first, as the judge said it ("A" = the first shown = responseB). */
  swapped: JudgeVerdict | null;
}

export interface Proportion {
  numerator: number;
  denominator: number;
  /** null when the denominator is 0. */
  value: number | null;
  /** 95% percentile-bootstrap interval over records; null when there is nothing to resample. */
  ci95: Interval | null;
}

export interface JudgeGroupMetrics {
  /** Discipline or category; "overall" rows use null. */
  group: string | null;
  records: number;
  /** Over both orders: correct judgements / (2 x records). The position-balanced headline figure. */
  accuracy: Proportion;
  /** Original order only; comparable with the published SciArena-Eval figures. */
  accuracyOriginalOrder: Proportion;
  accuracySwappedOrder: Proportion;
  /** Records whose two verdicts name the same response, among records with both verdicts usable. */
  positionConsistency: Proportion;
  /** Share of usable verdicts that picked the response shown first (0.5 = no position bias). */
  firstPositionRate: number | null;
  /** Unusable verdicts (of 2 x records). */
  unparseable: number;
}

export interface JudgeEvaluationOptions {
  seed: number;
  bootstrapRounds?: number;
}

export interface RandomBaseline {
  accuracy: number;
  /** Where 95% of coin-flipping judges land on this many records (original order). */
  range95: Interval | null;
  note: string;
}

export interface JudgeEvaluation {
  overall: JudgeGroupMetrics;
  bySubject: JudgeGroupMetrics[];
  byQuestionType: JudgeGroupMetrics[];
  /** Records left out because the human voted tie or both-bad. */
  skippedNotDecisive: number;
  seed: number;
  bootstrapRounds: number;
  randomBaseline: RandomBaseline;
  references: readonly PublishedJudgeAccuracy[];
}

export const DEFAULT_BOOTSTRAP_ROUNDS = 1000;

type DecisiveRecord = JudgedRecord & { humanVote: "A" | "B" };

function isDecisive(record: JudgedRecord): record is DecisiveRecord {
  return record.humanVote === "A" || record.humanVote === "B";
}

function proportion(numerator: number, denominator: number, ci95: Interval | null): Proportion {
  return { numerator, denominator, value: denominator === 0 ? null : numerator / denominator, ci95 };
}

function groupMetrics(group: string | null, records: readonly DecisiveRecord[], rng: SplitMix64, rounds: number): JudgeGroupMetrics {
  const n = records.length;
  const correctOriginal = new Float64Array(n);
  const correctSwapped = new Float64Array(n);
  const correctBoth = new Float64Array(n);
  const consistent = new Float64Array(n);
  let unparseable = 0;
  let usable = 0;
  let pickedFirst = 0;
  let bothUsable = 0;

  records.forEach((record, i) => {
    const original = verdictForRecord(record.original, "original");
    const swapped = verdictForRecord(record.swapped, "swapped");
    correctOriginal[i] = original === record.humanVote ? 1 : 0;
    correctSwapped[i] = swapped === record.humanVote ? 1 : 0;
    correctBoth[i] = (correctOriginal[i] + correctSwapped[i]) / 2;
    consistent[i] = original === null || swapped === null ? NaN : original === swapped ? 1 : 0;
    for (const shown of [record.original, record.swapped]) {
      if (shown === null) unparseable++;
      else {
        usable++;
        if (shown === "A") pickedFirst++;
      }
    }
    if (!Number.isNaN(consistent[i])) bothUsable++;
  });

  const [accuracyCi, originalCi, swappedCi, consistencyCi] = bootstrapMeanIntervals(
    [correctBoth, correctOriginal, correctSwapped, consistent],
    rng,
    rounds,
  );
  const sum = (values: Float64Array) => values.reduce((total, value) => (Number.isNaN(value) ? total : total + value), 0);

  return {
    group,
    records: n,
    accuracy: proportion(sum(correctOriginal) + sum(correctSwapped), 2 * n, accuracyCi),
    accuracyOriginalOrder: proportion(sum(correctOriginal), n, originalCi),
    accuracySwappedOrder: proportion(sum(correctSwapped), n, swappedCi),
    positionConsistency: proportion(sum(consistent), bothUsable, consistencyCi),
    firstPositionRate: usable === 0 ? null : pickedFirst / usable,
    unparseable,
  };
}

function metricsByGroup(
  records: readonly DecisiveRecord[],
  groupOf: (record: DecisiveRecord) => string | null,
  scope: string,
  seed: number,
  rounds: number,
): JudgeGroupMetrics[] {
  const groups = new Map<string | null, DecisiveRecord[]>();
  for (const record of records) {
    const key = groupOf(record);
    const members = groups.get(key);
    if (members) members.push(record);
    else groups.set(key, [record]);
  }
  return [...groups.entries()]
    .sort(([left], [right]) => compareGroupNames(left, right))
    .map(([group, members]) =>
      // One generator per group, derived from its name, so adding a group does not move the others' CIs.
      groupMetrics(group, members, new SplitMix64(deriveSeed(seed, `${scope}:${group ?? ""}`)), rounds),
    );
}

function randomBaseline(records: number): RandomBaseline {
  const halfWidth = records === 0 ? null : 1.96 * Math.sqrt(0.25 / records);
  return {
    accuracy: 0.5,
    range95: halfWidth === null ? null : [Math.max(0, 0.5 - halfWidth), Math.min(1, 0.5 + halfWidth)],
    note:
      "A judge answering at random scores 50% in expectation (on the balanced Eval split, so does always " +
      "answering A); range95 is where 95% of such judges land on this many records.",
  };
}

export function evaluateJudge(
  records: readonly JudgedRecord[],
  { seed, bootstrapRounds = DEFAULT_BOOTSTRAP_ROUNDS }: JudgeEvaluationOptions,
): JudgeEvaluation {
  if (!Number.isInteger(bootstrapRounds) || bootstrapRounds < 1) {
    throw new RangeError(`bootstrapRounds must be a positive integer, got ${bootstrapRounds}`);
  }
  // Sorting by id makes the result independent of the order judgements finished in.
  const decisive = records.filter(isDecisive).sort((left, right) => compareCodeUnits(left.id, right.id));
  return {
    overall: groupMetrics(null, decisive, new SplitMix64(deriveSeed(seed, "overall")), bootstrapRounds),
    bySubject: metricsByGroup(decisive, (record) => record.subject, "subject", seed, bootstrapRounds),
    byQuestionType: metricsByGroup(decisive, (record) => record.questionType, "question_type", seed, bootstrapRounds),
    skippedNotDecisive: records.length - decisive.length,
    seed,
    bootstrapRounds,
    randomBaseline: randomBaseline(decisive.length),
    references: PUBLISHED_JUDGE_ACCURACY,
  };
}

/** A record plus the judge's raw outputs in both orders, ready for evaluateJudge. */
export function toJudgedRecord(
  record: Pick<SciArenaEvalRecord, "id" | "vote" | "subject" | "question_type">,
  outputs: { original: string | null; swapped: string | null },
): JudgedRecord {
  return {
    id: record.id,
    humanVote: record.vote,
    subject: record.subject,
    questionType: record.question_type,
    original: parseJudgeVerdict(outputs.original),
    swapped: parseJudgeVerdict(outputs.swapped),
  };
}
