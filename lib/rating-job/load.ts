import type pg from "pg";
import { compareScopes, normalizeScopeName, OVERALL, scopeOf, type Scope } from "./scope";
import { StreamedVotesBuilder, type AnswerStyle, type StreamedVotes } from "./streamed-votes";
import { countedVotesSql, VOTE_RULE_FAILURES, type CountedVotesOptions, type VoteExclusions } from "@/lib/votes/counted-votes";
import { emptyPairCounts, type Outcome, type PairCounts } from "@/lib/ratings";

// Reads what the rating job needs from PostgreSQL, inside one read-only REPEATABLE READ transaction so the
// grouped counts and the streamed votes describe the same votes:
//  - plain Bradley-Terry: one GROUP BY (discipline, category, model A, model B, choice), O(K²) rows per
//    discipline × category whatever the number of votes;
//  - style control and online Elo: a server-side cursor over the votes in time order, FETCHed in batches
//    into typed columns (lib/rating-job/streamed-votes.ts).

export interface ModelRow {
  id: string;
  slug: string;
  displayName: string;
}

export interface GroupedCounts {
  scopes: { scope: Scope; counts: PairCounts }[];
  /** Counted votes (all scopes overlap; this is the overall number). */
  votes: number;
  /** How many stored votes failed each rule of the counted-votes definition. */
  exclusions: VoteExclusions;
}

const OUTCOMES = new Set<Outcome>(["A", "B", "TIE", "BOTH_BAD"]);

function outcomeOf(value: unknown): Outcome {
  if (typeof value !== "string" || !OUTCOMES.has(value as Outcome)) throw new Error(`unexpected vote choice ${JSON.stringify(value)}`);
  return value as Outcome;
}

function addCellForOutcome(counts: PairCounts, a: number, b: number, outcome: Outcome, n: number): void {
  const K = counts.modelCount;
  if (outcome === "A") counts.wins[a * K + b] += n;
  else if (outcome === "B") counts.wins[b * K + a] += n;
  else {
    counts.ties[a * K + b] += n;
    counts.ties[b * K + a] += n;
  }
}

export async function readModels(client: pg.ClientBase): Promise<ModelRow[]> {
  const { rows } = await client.query<ModelRow>(`SELECT id, slug, "displayName" FROM "Model" ORDER BY slug`);
  return rows;
}

/**
 * Pair counts of every scope, and the exclusion report, from one pass over the votes: a GROUP BY on
 * (discipline, category, model A, model B, choice) plus whether the vote counts and which rules it fails.
 */
export async function readGroupedCounts(client: pg.ClientBase, options: CountedVotesOptions, modelIndex: ReadonlyMap<string, number>): Promise<GroupedCounts> {
  const { from, where } = countedVotesSql(options);
  const rules = Object.entries(VOTE_RULE_FAILURES);
  const { rows } = await client.query({
    text: `SELECT q.discipline, q.category, b."modelAId", b."modelBId", v.choice::text AS choice, count(*)::int AS n,
        (${where}) AS counted, ${rules.map(([, sql]) => `(${sql})`).join(", ")}
      ${from}
      GROUP BY ${[1, 2, 3, 4, 5, 7, ...rules.map((_, i) => 8 + i)].join(", ")}`,
    rowMode: "array",
  });
  const K = modelIndex.size;
  const byKey = new Map<string, { scope: Scope; counts: PairCounts }>();
  const countsFor = (scope: Scope) => {
    let entry = byKey.get(scope.key);
    if (entry === undefined) {
      entry = { scope, counts: emptyPairCounts(K) };
      byKey.set(scope.key, entry);
    }
    return entry.counts;
  };
  countsFor(OVERALL);
  const exclusions: VoteExclusions = { stored: 0, counted: 0, notCountedFlag: 0, battleNotVoted: 0, excludedVoter: 0, flaggedVoter: 0, noConsent: 0 };
  let votes = 0;
  for (const row of rows as unknown[][]) {
    const [discipline, category, modelA, modelB, choice, n, counted] = row as [string | null, string | null, string, string, string, number, boolean];
    exclusions.stored += n;
    rules.forEach(([name], i) => {
      if (row[7 + i] === true) exclusions[name as keyof typeof VOTE_RULE_FAILURES] += n;
    });
    if (counted !== true) continue;
    exclusions.counted += n;
    const a = modelIndex.get(modelA);
    const b = modelIndex.get(modelB);
    if (a === undefined || b === undefined) throw new Error(`a vote refers to an unknown model (${modelA} / ${modelB})`);
    if (a === b) continue; // a battle of a model against itself carries no information
    const outcome = outcomeOf(choice);
    votes += n;
    addCellForOutcome(countsFor(OVERALL), a, b, outcome, n);
    const d = normalizeScopeName(discipline);
    if (d !== null) addCellForOutcome(countsFor(scopeOf("discipline", d)), a, b, outcome, n);
    const c = normalizeScopeName(category);
    if (c !== null) addCellForOutcome(countsFor(scopeOf("category", c)), a, b, outcome, n);
  }
  const scopes = [...byKey.values()].sort((x, y) => compareScopes(x.scope, y.scope));
  return { scopes, votes, exclusions };
}

/**
 * Style facts of every answer, from one scan of Response (materialized, so the two sides' joins do not scan
 * it twice, and narrow, so the answer texts are not carried through the joins): the length of the displayed
 * text in bytes (UTF-8; both answers of a battle are in the same language, so the normalized difference
 * (a − b)/(a + b + 1) is practically the same as in characters, and the length is read from the value's header
 * instead of decoding the text), the number of citations, and the citations labelled "supporting",
 * "irrelevant" or with any label. A JSON path test skips the label counting for answers without labels.
 */
const ANSWER_FACTS = (() => {
  const labelled = `citations @? '$[*] ? (@.label != null)'`;
  const count = (filter: string) => `CASE WHEN ${labelled} THEN jsonb_array_length(jsonb_path_query_array(citations, '$[*] ? (${filter})')) ELSE 0 END`;
  return `answer_facts AS MATERIALIZED (
      SELECT "battleId", side, octet_length(text) AS len,
        CASE WHEN jsonb_typeof(citations) = 'array' THEN jsonb_array_length(citations) ELSE 0 END AS n,
        ${count(`@.label == "supporting"`)} AS supporting,
        ${count(`@.label == "irrelevant"`)} AS irrelevant,
        ${count(`@.label != null`)} AS labeled
      FROM "Response")`;
})();

export function streamVotesSql(options: CountedVotesOptions): string {
  const { from, where } = countedVotesSql(options);
  const side = (alias: string) => ["len", "n", "supporting", "irrelevant", "labeled"].map((c) => `coalesce(${alias}.${c}, 0)`).join(", ");
  return `WITH ${ANSWER_FACTS}
    SELECT b."modelAId", b."modelBId", v.choice::text, q.discipline, q.category, ${side("ra")}, ${side("rb")}
    ${from}
    LEFT JOIN answer_facts ra ON ra."battleId" = b.id AND ra.side = 'A'
    LEFT JOIN answer_facts rb ON rb."battleId" = b.id AND rb.side = 'B'
    WHERE ${where}
    ORDER BY v."createdAt", v.id`;
}

type StreamRow = [string, string, string, string | null, string | null, number, number, number, number, number, number, number, number, number, number];

/**
 * Streams the counted votes in time order through a cursor (`fetchSize` rows per round trip) into typed
 * columns. Must run inside a transaction (cursors live in one).
 */
export async function streamVotes(
  client: pg.ClientBase,
  options: CountedVotesOptions,
  modelIndex: ReadonlyMap<string, number>,
  settings: { fetchSize: number; onBatch?: (votesSoFar: number) => void },
): Promise<StreamedVotes> {
  const builder = new StreamedVotesBuilder();
  const styleA: AnswerStyle = { length: 0, citations: 0, supporting: 0, irrelevant: 0, labeled: 0 };
  const styleB: AnswerStyle = { length: 0, citations: 0, supporting: 0, irrelevant: 0, labeled: 0 };
  await client.query(`DECLARE rating_job_votes NO SCROLL CURSOR FOR ${streamVotesSql(options)}`);
  try {
    for (;;) {
      const { rows } = await client.query({ text: `FETCH FORWARD ${settings.fetchSize} FROM rating_job_votes`, rowMode: "array" });
      for (const row of rows as StreamRow[]) {
        const a = modelIndex.get(row[0]);
        const b = modelIndex.get(row[1]);
        if (a === undefined || b === undefined) throw new Error(`a vote refers to an unknown model (${row[0]} / ${row[1]})`);
        if (a === b) continue;
        styleA.length = row[5];
        styleA.citations = row[6];
        styleA.supporting = row[7];
        styleA.irrelevant = row[8];
        styleA.labeled = row[9];
        styleB.length = row[10];
        styleB.citations = row[11];
        styleB.supporting = row[12];
        styleB.irrelevant = row[13];
        styleB.labeled = row[14];
        builder.push(a, b, outcomeOf(row[2]), normalizeScopeName(row[3]), normalizeScopeName(row[4]), styleA, styleB);
      }
      settings.onBatch?.(builder.length);
      if (rows.length < settings.fetchSize) break;
    }
  } finally {
    await client.query(`CLOSE rating_job_votes`).catch(() => {});
  }
  return builder.build();
}

export interface ModelCost {
  answers: number;
  /** Mean USD per answer over answers whose cost is known; null when none is. */
  meanCostUsd: number | null;
}

/**
 * Mean cost of each model's answers in the counted votes: Response.costUsd when recorded, otherwise its
 * tokens at the model's prices; unknown (null) when neither is recorded.
 */
export async function readModelCosts(client: pg.ClientBase, options: CountedVotesOptions): Promise<Map<string, ModelCost>> {
  const { from, where } = countedVotesSql(options);
  const { rows } = await client.query<{ modelId: string; answers: number; mean: number | null }>(
    `SELECT r."modelId", count(*)::int AS answers,
        avg(coalesce(r."costUsd",
          CASE WHEN r."inputTokens" IS NULL AND r."outputTokens" IS NULL THEN NULL
               ELSE (coalesce(r."inputTokens", 0) * m."costPer1kIn" + coalesce(r."outputTokens", 0) * m."costPer1kOut") / 1000.0 END))::float8 AS mean
      ${from}
      JOIN "Response" r ON r."battleId" = b.id
      JOIN "Model" m ON m.id = r."modelId"
      WHERE ${where}
      GROUP BY r."modelId"`,
  );
  return new Map(rows.map((row) => [row.modelId, { answers: row.answers, meanCostUsd: row.mean }]));
}
