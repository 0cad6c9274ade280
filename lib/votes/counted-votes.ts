import { getEnv } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";

// The one definition of a "counted" vote: the votes that reach the ratings (lib/rating-job) and the
// dataset export. See docs/decisions/050-counted-votes.md.
//
// A vote counts when
//   1. Vote.counted is true (re-annotation copies and the like are stored with counted = false);
//   2. its battle is VOTED (a FAILED battle never counts, even if a vote row exists);
//   3. the voter is not excluded by an admin (ResearcherProfile.excludedAt is null, or no profile);
//   4. the voter has no active quality flag (no AnnotatorFlag with reinstatedAt null);
//   5. the voter consented to the release of their votes (ResearcherProfile.datasetConsentAt set),
//      unless consent is switched off (RATINGS_REQUIRE_CONSENT=false).

export interface CountedVotesOptions {
  requireConsent: boolean;
}

export function countedVotesOptionsFromEnv(): CountedVotesOptions {
  return { requireConsent: getEnv().RATINGS_REQUIRE_CONSENT };
}

/** Bumped when the definition changes; stored with every rating run and export. */
export const COUNTED_VOTES_VERSION = 1;

/**
 * SQL text (no parameters) selecting counted votes. Aliases: `v` Vote, `b` Battle, `q` Question, `rp`
 * ResearcherProfile (null columns when the voter has no profile), `af` the voter's active flags (null when none). Use as
 * `SELECT ... ${from} WHERE ${where} [AND ...]`.
 */
export interface CountedVotesSql {
  from: string;
  where: string;
}

// Voters with an active flag, joined once (a hash join) rather than probed per vote.
const ACTIVE_FLAGS_JOIN = `LEFT JOIN (SELECT DISTINCT "userId" FROM "AnnotatorFlag" WHERE "reinstatedAt" IS NULL) af ON af."userId" = v."userId"`;
const ACTIVE_FLAG = `af."userId" IS NOT NULL`;

export function countedVotesSql(options: CountedVotesOptions): CountedVotesSql {
  const from = `FROM "Vote" v
    JOIN "Battle" b ON b.id = v."battleId"
    JOIN "Question" q ON q.id = b."questionId"
    LEFT JOIN "ResearcherProfile" rp ON rp."userId" = v."userId"
    ${ACTIVE_FLAGS_JOIN}`;
  const conditions = [`v.counted`, `b.status = 'VOTED'`, `rp."excludedAt" IS NULL`, `af."userId" IS NULL`];
  if (options.requireConsent) conditions.push(`rp."datasetConsentAt" IS NOT NULL`);
  return { from, where: conditions.join("\n    AND ") };
}

/** The same rule as a Prisma filter on Vote, for code that reads votes through Prisma. */
export function countedVoteWhere(options: CountedVotesOptions): Prisma.VoteWhereInput {
  const profile: Prisma.VoteWhereInput["user"] = options.requireConsent
    ? { profile: { is: { excludedAt: null, datasetConsentAt: { not: null } } } }
    : { OR: [{ profile: { is: null } }, { profile: { is: { excludedAt: null } } }] };
  return {
    counted: true,
    battle: { is: { status: "VOTED" } },
    user: { is: { AND: [profile, { flags: { none: { reinstatedAt: null } } }] } },
  };
}

/** How many of all stored votes fail each rule (a vote can fail several), for run reports. */
export interface VoteExclusions {
  stored: number;
  counted: number;
  notCountedFlag: number;
  battleNotVoted: number;
  excludedVoter: number;
  flaggedVoter: number;
  noConsent: number;
}

/** One boolean SQL expression per rule, true when the vote fails it (aliases as in countedVotesSql). */
export const VOTE_RULE_FAILURES: Record<Exclude<keyof VoteExclusions, "stored" | "counted">, string> = {
  notCountedFlag: `NOT v.counted`,
  battleNotVoted: `b.status <> 'VOTED'`,
  excludedVoter: `rp."excludedAt" IS NOT NULL`,
  flaggedVoter: ACTIVE_FLAG,
  noConsent: `rp."datasetConsentAt" IS NULL`,
};

export function voteExclusionsSql(options: CountedVotesOptions): string {
  const { from, where } = countedVotesSql(options);
  const rules = Object.entries(VOTE_RULE_FAILURES).map(([name, sql]) => `count(*) FILTER (WHERE ${sql})::int AS "${name}"`);
  return `SELECT count(*)::int AS stored, count(*) FILTER (WHERE ${where})::int AS counted, ${rules.join(", ")}
    ${from}`;
}
