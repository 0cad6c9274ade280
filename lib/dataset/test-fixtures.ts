// Stored votes for the dataset tests: one hand-written vote and a seeded generator of many varied ones
// (every choice, missing disciplines, non-ASCII text, empty citation lists, null years).

import { SplitMix64 } from "./random";
import type { StoredPaper, StoredVote, StoredVoteChoice } from "./stored-vote";

export const TEST_SALT = "test-salt-0123456789abcdef";

export const VASWANI: StoredPaper = {
  externalId: "arxiv:1706.03762",
  title: "Attention Is All You Need",
  authors: ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar"],
  year: 2017,
};

export const DEVLIN: StoredPaper = {
  externalId: "arxiv:1810.04805",
  title: "BERT: Pre-training of Deep Bidirectional Transformers",
  authors: ["Devlin, Jacob", "Chang, Ming-Wei"],
  year: 2019,
};

export const ANONYMOUS_REPORT: StoredPaper = {
  externalId: "doi:10.1000/report",
  title: "A technical report",
  authors: [],
  year: null,
};

export function storedVote(overrides: Partial<StoredVote> = {}): StoredVote {
  return {
    voteId: "vote-001",
    choice: "A",
    reason: "A cites the original paper",
    createdAt: new Date("2025-03-04T05:06:07.089Z"),
    question: "Why do transformers outperform RNNs on long sequences?",
    discipline: "Computer Science",
    category: "Conceptual Explanation",
    responseA: "Self-attention relates all positions directly [1], unlike recurrence [2].",
    responseB: "Pre-training helps [2].",
    modelA: "demo-alpha",
    modelB: "demo-beta",
    citationsA: [
      { paper: VASWANI, content: "The Transformer relies entirely on attention." },
      { paper: DEVLIN, content: "BERT is pre-trained bidirectionally." },
    ],
    citationsB: [{ paper: DEVLIN, content: "BERT is pre-trained bidirectionally." }],
    paperBank: [
      { number: 1, paper: VASWANI, content: "The Transformer relies entirely on attention." },
      { number: 2, paper: DEVLIN, content: "BERT is pre-trained bidirectionally." },
      { number: 3, paper: ANONYMOUS_REPORT, content: "Unrelated passage." },
    ],
    annotatorUserId: "user-alice",
    ...overrides,
  };
}

const DISCIPLINES = ["Computer Science", "Biology", "Physics | Astronomy", "Économie", null] as const;
const CATEGORIES = ["Conceptual Explanation", "Methodology", "State of the Art", null] as const;
const CHOICES: readonly StoredVoteChoice[] = ["A", "B", "A", "B", "TIE", "BOTH_BAD"];
const PAPERS = [VASWANI, DEVLIN, ANONYMOUS_REPORT];

/** `count` varied votes with ids vote-00000, vote-00001, ... (ascending). */
export function generateStoredVotes(count: number, seed: number): StoredVote[] {
  const rng = new SplitMix64(seed);
  const pick = <T>(options: readonly T[]): T => options[rng.nextInt(options.length)];
  return Array.from({ length: count }, (_, index) => {
    const paperBank = PAPERS.map((paper, i) => ({ number: i + 1, paper, content: `Passage ${index}-${i} « ünïcödé » "quoted" \\ ${"\u{1F9EA}"}` }));
    const citationsOf = () => paperBank.filter(() => rng.nextInt(2) === 0).map(({ paper, content }) => ({ paper, content }));
    return storedVote({
      voteId: `vote-${String(index).padStart(5, "0")}`,
      choice: pick(CHOICES),
      reason: pick([null, "", "clearer", "line one\nline two"]),
      createdAt: new Date(Date.UTC(2025, 0, 1) + index * 60_000),
      question: `Question ${index}: what is known about ${pick(["NaN handling", "tab\there", "naïve Bayes"])}?`,
      discipline: pick(DISCIPLINES),
      category: pick(CATEGORIES),
      responseA: `Answer A ${index} [1]`,
      responseB: `Answer B ${index} [2]`,
      modelA: pick(["demo-alpha", "demo-beta", "demo-gamma"]),
      modelB: pick(["demo-delta", "demo-epsilon"]),
      citationsA: citationsOf(),
      citationsB: citationsOf(),
      paperBank,
      annotatorUserId: `user-${rng.nextInt(20)}`,
    });
  });
}
