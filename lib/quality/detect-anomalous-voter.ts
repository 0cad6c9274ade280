import { chiSquareCritical } from "./chi-square-survival";
import { fisherCombine } from "./fisher-combine";
import { votePValue, type Outcome, type OutcomeCounts } from "./vote-p-value";

export interface TestedVote {
  /** The voter's outcome, seen from the pair's first model (see votePValue). */
  outcome: Outcome;
  /** Other researchers' outcomes on the same model pair, seen from the same model. */
  others: OutcomeCounts;
}

export interface AnomalySettings {
  /** After how many tested votes the combined test is run, e.g. [10, 20, 50, 100]. */
  checkpoints: readonly number[];
  /** Family-wise false-flag rate over all checkpoints (split evenly: Bonferroni). */
  alpha: number;
  /** Votes whose pair has fewer other votes than this carry too little information and are skipped. */
  minOthers: number;
}

export interface CheckpointResult {
  votes: number;
  statistic: number;
  threshold: number;
  pValue: number;
  flagged: boolean;
}

export interface AnomalyResult {
  flagged: boolean;
  /** The first checkpoint at which the voter was flagged, else the last one reached. */
  decisive: CheckpointResult | null;
  checkpoints: CheckpointResult[];
  testedVotes: number;
}

/**
 * Chatbot Arena's anomalous-user test: per-vote p-values against others' votes on the same pair, combined with
 * Fisher's method over the first j votes at each checkpoint j; flagged when M >= chi²_{2j, 1 - alpha/K} at any of
 * the K checkpoints. Votes are taken in the order given (oldest first).
 */
export function detectAnomalousVoter(votes: readonly TestedVote[], settings: AnomalySettings): AnomalyResult {
  const pValues = votes.filter((v) => v.others.lost + v.others.tied + v.others.won >= settings.minOthers).map((v) => votePValue(v.outcome, v.others));
  const perCheckpointAlpha = settings.alpha / settings.checkpoints.length;
  const checkpoints: CheckpointResult[] = [];
  for (const j of [...settings.checkpoints].sort((a, b) => a - b)) {
    if (j > pValues.length) break;
    const combined = fisherCombine(pValues.slice(0, j));
    const threshold = chiSquareCritical(perCheckpointAlpha, combined.degreesOfFreedom);
    checkpoints.push({ votes: j, statistic: combined.statistic, threshold, pValue: combined.pValue, flagged: combined.statistic >= threshold });
  }
  const decisive = checkpoints.find((c) => c.flagged) ?? checkpoints.at(-1) ?? null;
  return { flagged: decisive?.flagged ?? false, decisive, checkpoints, testedVotes: pValues.length };
}
