import type { EvalVote } from "./record";

// Vote spellings seen in public preference files ("A", "a", "model_a", "Tie", "tie (bothbad)",
// "Both bad", "bad", ...). Labels are compared after lower-casing and dropping everything that is not
// a letter or digit, so "Tie (Both Bad)", "tie_bothbad" and "tie-bothbad" are one spelling.

const LABELS_BY_VOTE: Record<EvalVote, readonly string[]> = {
  A: ["a", "modela", "responsea", "outputa", "assistanta", "abetter", "aisbetter", "left", "leftvote"],
  B: ["b", "modelb", "responseb", "outputb", "assistantb", "bbetter", "bisbetter", "right", "rightvote"],
  tie: ["tie", "draw", "equal", "same", "tievote", "bothgood", "tiebothgood"],
  bad: ["bad", "bothbad", "botharebad", "tiebothbad", "tiebad", "bothbadvote", "bothwrong", "neither"],
};

const VOTE_BY_SQUASHED_LABEL: ReadonlyMap<string, EvalVote> = new Map(
  (Object.entries(LABELS_BY_VOTE) as [EvalVote, readonly string[]][]).flatMap(([vote, labels]) =>
    labels.map((label): [string, EvalVote] => [label, vote]),
  ),
);

export function parseVoteLabel(label: unknown): EvalVote | null {
  if (typeof label !== "string") return null;
  const squashed = label.toLowerCase().replace(/[^a-z0-9]/g, "");
  return VOTE_BY_SQUASHED_LABEL.get(squashed) ?? null;
}
