// Published SciArena-Eval accuracies (SciArena, arXiv 2507.01001): pairwise accuracy against the human
// vote, responses shown once in the original order. Compare them with `accuracyOriginalOrder`.

export interface PublishedJudgeAccuracy {
  judge: string;
  accuracy: number;
}

export const PUBLISHED_JUDGE_ACCURACY: readonly PublishedJudgeAccuracy[] = [
  { judge: "o3", accuracy: 0.651 },
  { judge: "GPT-4.1", accuracy: 0.619 },
  { judge: "random", accuracy: 0.5 },
];

export const PUBLISHED_JUDGE_SOURCE = "SciArena (Zhao et al., 2025, arXiv 2507.01001), SciArena-Eval";
