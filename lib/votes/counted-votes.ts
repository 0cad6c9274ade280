// Which votes count (DESIGN section 6): for ratings and the dataset alike. A vote counts when it is marked
// counted, its battle ended in a vote (never a failed battle), its annotator is not excluded by an admin,
// has no active quality flag (a flag an admin reinstated no longer applies) and, when consent is
// required, consented to the release of their votes in the dataset.
//
// SQL text only, so that callers can stream with cursors or aggregate in Postgres. Aliases: v = "Vote",
// b = "Battle", rp = "ResearcherProfile" (LEFT JOIN: a voter without a profile has not consented).

export interface CountedVoteOptions {
  /** Require ResearcherProfile.datasetConsentAt; default true. */
  requireConsent?: boolean;
}

export const COUNTED_VOTES_FROM = `"Vote" v
  JOIN "Battle" b ON b.id = v."battleId"
  LEFT JOIN "ResearcherProfile" rp ON rp."userId" = v."userId"`;

export function countedVotesWhere({ requireConsent = true }: CountedVoteOptions = {}): string {
  return [
    "v.counted",
    `b.status = 'VOTED'`,
    `rp."excludedAt" IS NULL`,
    `NOT EXISTS (SELECT 1 FROM "AnnotatorFlag" af WHERE af."userId" = v."userId" AND af."reinstatedAt" IS NULL)`,
    ...(requireConsent ? [`rp."datasetConsentAt" IS NOT NULL`] : []),
  ].join("\n  AND ");
}
