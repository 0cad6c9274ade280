import pg from "pg";
import { copyOutNumbers } from "./copy-out";
import { RowBuffer } from "./row-buffer";
import { compareScopes, normalizeScopeName, OVERALL, scopeOf, type Scope } from "./scope";
import { StreamedVotesBuilder, type AnswerStyle, type StreamedVotes } from "./streamed-votes";
import { countedVotesSql, VOTE_RULE_FAILURES, type CountedVotesOptions, type VoteExclusions } from "@/lib/votes/counted-votes";
import { emptyPairCounts, type Outcome, type OutcomeCode, type PairCounts } from "@/lib/ratings";

// Reads what the rating job needs from PostgreSQL, inside one read-only REPEATABLE READ transaction:
//  - plain Bradley-Terry alone: one GROUP BY (discipline, category, model A, model B, choice), O(K²) rows per
//    discipline × category whatever the number of votes (readGroupedCounts), and the models' costs;
//  - with style control or online Elo: one pass over the votes that yields everything at once (readVotes): the
//    vote columns, every scope's pair counts, the exclusion report and the costs. Each row is a handful of small
//    numbers (model indices, codes, and the answer facts kept on Battle), sent as binary COPY on PostgreSQL and
//    through a cursor on PGlite, unsorted; readVotes puts them in time order itself. (streamVotes, the former
//    cursor over wide text rows that reads the answers, is kept for the benchmark's before/after figure and as
//    the test's reference.)

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
    ORDER BY v."createdAt", ${VOTE_TIE_BREAK_SQL}, v.id`;
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
 * Mean cost of each model's answers in the counted votes, from the answer facts kept on Battle (the recorded
 * cost, otherwise the tokens at the model's prices when the answer finished; unknown (null) when neither is
 * recorded), as readVotes computes them.
 */
export async function readModelCosts(client: pg.ClientBase, options: CountedVotesOptions): Promise<Map<string, ModelCost>> {
  const { from, where } = countedVotesSql(options);
  const { rows } = await client.query<{ modelId: string; answers: number; mean: number | null }>(
    `SELECT side.model AS "modelId", count(*)::int AS answers, avg(side.cost)::float8 AS mean
      ${from}
      CROSS JOIN LATERAL (VALUES (b."modelAId", b."costUsdA"), (b."modelBId", b."costUsdB")) AS side(model, cost)
      WHERE ${where}
      GROUP BY side.model`,
  );
  return new Map(rows.map((row) => [row.modelId, { answers: row.answers, meanCostUsd: row.mean }]));
}

/** Everything the job reads when it needs the votes themselves. */
export interface LoadedVotes {
  grouped: GroupedCounts;
  streamed: StreamedVotes;
  costs: Map<string, ModelCost>;
  /** How the rows were read. */
  transport: "copy" | "cursor";
}

/**
 * Votes are taken in time order, ties broken by this hash of the id (then by the id itself, which never matters
 * in practice): a number, so that readVotes can sort the rows itself.
 */
const VOTE_TIE_BREAK_SQL = `hashtext(v.id)`;

const CHOICE_CODE_SQL = `CASE v.choice::text WHEN 'A' THEN 0 WHEN 'B' THEN 1 WHEN 'TIE' THEN 2 WHEN 'BOTH_BAD' THEN 3 ELSE -1 END`;

/** An inline table of `values` with their 0-based positions, as columns `name` and `code`. */
function codeTable(values: readonly string[], name = "name", code = "code"): string {
  if (values.length === 0) return `(SELECT NULL::text AS ${name}, NULL::int2 AS ${code} WHERE false)`;
  const array = `ARRAY[${values.map((v) => pg.escapeLiteral(v)).join(", ")}]::text[]`;
  return `(SELECT value AS ${name}, (ord - 1)::int2 AS ${code} FROM unnest(${array}) WITH ORDINALITY AS t(value, ord))`;
}

/** Columns of each row of `votesSql`, in order. */
export const VOTE_ROW = {
  flags: 0,
  a: 1,
  b: 2,
  choice: 3,
  discipline: 4,
  category: 5,
  /** The side-A answer's facts: length, citations, supporting, irrelevant, labelled, cost; then side B's. */
  answerA: 6,
  answerB: 12,
  /** The vote's time (seconds since 1970) and a hash of its id, which break ties between equal times. */
  time: 18,
  tieBreak: 19,
  width: 20,
} as const;
const ANSWER_WIDTH = 6;

/** Bit 0 of the flags: the vote counts; bit i + 1: it fails rule i of VOTE_RULE_FAILURES. */
const RULES = Object.keys(VOTE_RULE_FAILURES) as (keyof typeof VOTE_RULE_FAILURES)[];

/**
 * Every stored vote (as in the exclusion report), in no particular order, as small numbers: the counted flag
 * and the failed rules, model indices (positions in `modelIds`; −1 for an unknown id), the choice's outcome
 * code, the discipline and category as positions in the given lists (−1 for NULL), both answers' facts as
 * kept on Battle (migration 20261203000000_battle_answer_facts), and the vote's sort key: its time, then
 * hashtext(id). Sorting is left to the reader, so that the rows stream while the server is still joining.
 */
export function votesSql(options: CountedVotesOptions, modelIds: readonly string[], disciplines: readonly string[], categories: readonly string[]): string {
  const { from, where } = countedVotesSql(options);
  const flags = [`CASE WHEN ${where} THEN 1 ELSE 0 END`, ...RULES.map((rule, i) => `CASE WHEN ${VOTE_RULE_FAILURES[rule]} THEN ${2 << i} ELSE 0 END`)];
  const answer = (side: "A" | "B") => [...["length", "citations", "supporting", "irrelevant", "labeled"].map((c) => `b."${c}${side}"`), `b."costUsd${side}"`].join(", ");
  const modelIndex = codeTable(modelIds, "id", "idx");
  return `SELECT (${flags.join(" + ")})::int2, coalesce(ma.idx, -1)::int2, coalesce(mb.idx, -1)::int2, (${CHOICE_CODE_SQL})::int2,
      coalesce(dd.code, -1)::int2, coalesce(cc.code, -1)::int2, ${answer("A")}, ${answer("B")},
      extract(epoch from v."createdAt")::float8, ${VOTE_TIE_BREAK_SQL}
    ${from}
    LEFT JOIN ${modelIndex} ma ON ma.id = b."modelAId"
    LEFT JOIN ${modelIndex} mb ON mb.id = b."modelBId"
    LEFT JOIN ${codeTable(disciplines)} dd ON dd.name = q.discipline
    LEFT JOIN ${codeTable(categories)} cc ON cc.name = q.category`;
}

async function isPglite(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ version: string }>(`SELECT version() AS version`);
  return rows[0].version.includes("PGlite");
}

function addCellForCode(counts: PairCounts, a: number, b: number, code: number): void {
  const K = counts.modelCount;
  if (code === 0) counts.wins[a * K + b] += 1;
  else if (code === 1) counts.wins[b * K + a] += 1;
  else {
    counts.ties[a * K + b] += 1;
    counts.ties[b * K + a] += 1;
  }
}

/**
 * Reads the votes once, puts them in time order, and builds from them the vote columns for style control and online
 * Elo, every scope's pair counts, the exclusion report and the models' costs. PostgreSQL sends the rows as
 * binary COPY; PGlite (whose COPY TO STDOUT stalls on large outputs) through a cursor, `fetchSize` rows per
 * round trip. Must run inside a transaction.
 */
export async function readVotes(
  client: pg.ClientBase,
  options: CountedVotesOptions,
  models: readonly ModelRow[],
  settings: { fetchSize: number; onBatch?: (rowsRead: number, rowsEstimated: number) => void; transport?: "copy" | "cursor" },
): Promise<LoadedVotes> {
  const K = models.length;
  const modelIds = models.map((m) => m.id);
  // The distinct scope values, so that the rows carry small codes instead of texts.
  const { rows: scopeRows } = await client.query<{ kind: "d" | "c"; name: string }>(
    `SELECT DISTINCT 'd' AS kind, discipline AS name FROM "Question" WHERE discipline IS NOT NULL
     UNION ALL SELECT DISTINCT 'c', category FROM "Question" WHERE category IS NOT NULL`,
  );
  const disciplines = scopeRows.filter((r) => r.kind === "d").map((r) => r.name);
  const categories = scopeRows.filter((r) => r.kind === "c").map((r) => r.name);

  const builder = new StreamedVotesBuilder(1 << 16);
  // Scope codes are given on first sight in vote order (as the builder would), so that the columns do not
  // depend on the order in which the database lists the distinct values. −2: not seen yet.
  const disciplineCodes = new Int16Array(disciplines.length).fill(-2);
  const categoryCodes = new Int16Array(categories.length).fill(-2);
  const overall = emptyPairCounts(K);
  const disciplineCounts: (PairCounts | undefined)[] = [];
  const categoryCounts: (PairCounts | undefined)[] = [];
  const exclusions: VoteExclusions = { stored: 0, counted: 0, notCountedFlag: 0, battleNotVoted: 0, excludedVoter: 0, flaggedVoter: 0, noConsent: 0 };
  const answers = new Float64Array(K);
  const knownCosts = new Float64Array(K);
  const costSums = new Float64Array(K);
  const styleA: AnswerStyle = { length: 0, citations: 0, supporting: 0, irrelevant: 0, labeled: 0 };
  const styleB: AnswerStyle = { length: 0, citations: 0, supporting: 0, irrelevant: 0, labeled: 0 };
  let votes = 0;

  const addCost = (row: Float64Array, model: number, at: number) => {
    if (model < 0) return;
    answers[model] += 1;
    const cost = row[at + ANSWER_WIDTH - 1];
    if (!Number.isNaN(cost)) {
      knownCosts[model] += 1;
      costSums[model] += cost;
    }
  };
  const readStyle = (row: Float64Array, at: number, style: AnswerStyle) => {
    style.length = row[at];
    style.citations = row[at + 1];
    style.supporting = row[at + 2];
    style.irrelevant = row[at + 3];
    style.labeled = row[at + 4];
  };
  const accept = (row: Float64Array) => {
    const flags = row[VOTE_ROW.flags];
    exclusions.stored += 1;
    for (let i = 0; i < RULES.length; i++) if (flags & (2 << i)) exclusions[RULES[i]] += 1;
    if ((flags & 1) === 0) return;
    exclusions.counted += 1;
    const a = row[VOTE_ROW.a];
    const b = row[VOTE_ROW.b];
    addCost(row, a, VOTE_ROW.answerA);
    addCost(row, b, VOTE_ROW.answerB);
    if (a < 0 || b < 0) throw new Error("a vote refers to an unknown model");
    if (a === b) return; // a battle of a model against itself carries no information
    const outcome = row[VOTE_ROW.choice];
    if (outcome < 0) throw new Error("unexpected vote choice");
    const rawDiscipline = row[VOTE_ROW.discipline];
    const rawCategory = row[VOTE_ROW.category];
    let discipline = rawDiscipline < 0 ? -1 : disciplineCodes[rawDiscipline];
    if (discipline === -2) discipline = disciplineCodes[rawDiscipline] = builder.disciplineCode(normalizeScopeName(disciplines[rawDiscipline]));
    let category = rawCategory < 0 ? -1 : categoryCodes[rawCategory];
    if (category === -2) category = categoryCodes[rawCategory] = builder.categoryCode(normalizeScopeName(categories[rawCategory]));
    readStyle(row, VOTE_ROW.answerA, styleA);
    readStyle(row, VOTE_ROW.answerB, styleB);
    builder.pushCoded(a, b, outcome as OutcomeCode, discipline, category, styleA, styleB);
    votes += 1;
    addCellForCode(overall, a, b, outcome);
    if (discipline >= 0) addCellForCode((disciplineCounts[discipline] ??= emptyPairCounts(K)), a, b, outcome);
    if (category >= 0) addCellForCode((categoryCounts[category] ??= emptyPairCounts(K)), a, b, outcome);
  };

  const sql = votesSql(options, modelIds, disciplines, categories);
  // For progress reports only: the planner's estimate of the stored votes.
  const estimated =
    settings.onBatch === undefined ? 0 : Number((await client.query(`SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = '"Vote"'::regclass`)).rows[0].n);
  const report = (rowsRead: number) => settings.onBatch?.(rowsRead, Math.max(estimated, rowsRead));
  const transport = settings.transport ?? ((await isPglite(client)) ? "cursor" : "copy");
  const rows = new RowBuffer(VOTE_ROW.width);
  if (transport === "copy") {
    let sinceReport = 0;
    await copyOutNumbers(client, sql, VOTE_ROW.width, (row) => {
      rows.push(row);
      if (++sinceReport === settings.fetchSize) {
        sinceReport = 0;
        report(rows.length);
      }
    });
  } else {
    const row = new Float64Array(VOTE_ROW.width);
    await client.query(`DECLARE rating_job_votes NO SCROLL CURSOR FOR ${sql}`);
    try {
      for (;;) {
        const { rows: batch } = await client.query({ text: `FETCH FORWARD ${settings.fetchSize} FROM rating_job_votes`, rowMode: "array" });
        for (const values of batch as (number | null)[][]) {
          for (let i = 0; i < VOTE_ROW.width; i++) row[i] = values[i] ?? Number.NaN;
          rows.push(row);
        }
        report(rows.length);
        if (batch.length < settings.fetchSize) break;
      }
    } finally {
      await client.query(`CLOSE rating_job_votes`).catch(() => {});
    }
  }
  report(rows.length);
  const order = rows.sortedOrder(VOTE_ROW.time, VOTE_ROW.tieBreak);
  const row = new Float64Array(VOTE_ROW.width);
  for (let i = 0; i < order.length; i++) accept(rows.read(order[i], row));

  const streamed = builder.build();
  const scopes: { scope: Scope; counts: PairCounts }[] = [{ scope: OVERALL, counts: overall }];
  streamed.disciplines.forEach((name, code) => {
    const counts = disciplineCounts[code];
    if (counts !== undefined) scopes.push({ scope: scopeOf("discipline", name), counts });
  });
  streamed.categories.forEach((name, code) => {
    const counts = categoryCounts[code];
    if (counts !== undefined) scopes.push({ scope: scopeOf("category", name), counts });
  });
  scopes.sort((x, y) => compareScopes(x.scope, y.scope));
  const costs = new Map<string, ModelCost>();
  for (let m = 0; m < K; m++) {
    if (answers[m] > 0) costs.set(modelIds[m], { answers: answers[m], meanCostUsd: knownCosts[m] > 0 ? costSums[m] / knownCosts[m] : null });
  }
  return { grouped: { scopes, votes, exclusions }, streamed, costs, transport };
}
