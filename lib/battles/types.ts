// What the browser may see of a battle. Nothing here names or fingerprints a model before the vote.

export type SideLabel = "A" | "B";

export interface PublicReference {
  n: number;
  title: string;
  authors: string[];
  year: number | null;
  venue: string | null;
  url: string | null;
  externalId: string;
  passages: string[];
}

export interface PublicCitation {
  n: number;
  title: string;
}

export interface AnswerStats {
  words: number;
  citations: number;
  droppedCitations: number;
}

export interface RevealedModel {
  side: SideLabel;
  slug: string;
  displayName: string;
  organization: string;
}

export interface PublicVote {
  choice: "A" | "B" | "TIE" | "BOTH_BAD";
  reason: string | null;
  createdAt: string;
}

export type BattleEvent =
  | { type: "references"; references: PublicReference[] }
  | { type: "delta"; side: SideLabel; text: string }
  | { type: "done"; side: SideLabel; text: string; citations: PublicCitation[]; stats: AnswerStats }
  | { type: "error"; side: SideLabel; message: string }
  | { type: "ready" }
  | { type: "failed"; message: string };
