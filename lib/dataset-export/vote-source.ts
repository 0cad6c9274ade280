import { randomBytes } from "node:crypto";
import type pg from "pg";
import type { StoredCitation, StoredPaper, StoredReference, StoredVote, StoredVoteChoice, VoteSamplingKey } from "@/lib/dataset";
import { countedVotesSql } from "@/lib/votes/counted-votes";

// Reads counted votes out of Postgres for the dataset export, in bounded memory:
// - `votingKeysInIdOrder` walks every published vote as (id, discipline, choice) in code-unit id order
//   through a WITH HOLD cursor: Postgres sorts once, and each FETCH is a short statement of its own, so
//   no transaction stays open (on the embedded database an open transaction would stall the app);
// - `loadStoredVotes` loads the full data of one batch of ids (two queries: votes with their question and
//   responses, then the reference lists of their retrieval runs). Many votes share a retrieval run; with a
//   ReferenceListCache, a run's list is loaded once while it stays cached, and every vote on it gets the
//   same reference objects (which lets the mapper and the writers do their work once per run).

export interface PublishedVoteFilter {
  /** Require the annotator's consent to the dataset release (default true). */
  requireConsent?: boolean;
}

/** Counted votes, minus questions hidden by moderation: those are never published. */
export function publishedVotesSql(filter: PublishedVoteFilter = {}): { from: string; where: string } {
  const counted = countedVotesSql({ requireConsent: filter.requireConsent ?? true });
  return {
    from: counted.from.replace(/^FROM /, ""),
    where: `${counted.where}
  AND q."moderationStatus" <> 'HIDDEN'`,
  };
}

export interface PublishedVotesSummary {
  count: number;
  /** Newest vote time (ISO 8601), null without votes. */
  newestVoteAt: string | null;
  /** Changes whenever the set of published votes changes (order-independent hash of their ids). */
  membershipHash: string;
}

const ISO_MS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

export async function summarizePublishedVotes(db: pg.Pool | pg.PoolClient, filter: PublishedVoteFilter = {}): Promise<PublishedVotesSummary> {
  const { from, where } = publishedVotesSql(filter);
  // Sum of the first 60 bits of md5(id) per vote: order-independent, cheap, and any added or removed
  // vote changes it (up to a 2^-60 chance).
  const { rows } = await db.query<{ count: string; newest: string | null; hash: string | null }>(
    `SELECT count(*)::text AS count,
            to_char(max(v."createdAt"), ${ISO_MS}) AS newest,
            sum(('x' || substr(md5(v.id), 1, 15))::bit(60)::bigint)::text AS hash
     FROM ${from}
     WHERE ${where}`,
  );
  const row = rows[0];
  return { count: Number(row.count), newestVoteAt: row.newest, membershipHash: row.hash ?? "0" };
}

/**
 * (id, discipline, choice) of every published vote, in batches, ids ascending in code-unit order (the
 * order the files are written in). The cursor is closed when iteration ends, also early or on error.
 */
export async function* votingKeysInIdOrder(
  client: pg.PoolClient,
  { batchSize = 1000, ...filter }: PublishedVoteFilter & { batchSize?: number } = {},
): AsyncGenerator<VoteSamplingKey[]> {
  const { from, where } = publishedVotesSql(filter);
  const cursor = `dataset_export_${randomBytes(6).toString("hex")}`;
  await client.query(
    `DECLARE ${cursor} NO SCROLL CURSOR WITH HOLD FOR
     SELECT v.id, q.discipline, v.choice::text AS choice
     FROM ${from}
     WHERE ${where}
     ORDER BY v.id COLLATE "C"`,
  );
  try {
    for (;;) {
      const { rows } = await client.query<{ id: string; discipline: string | null; choice: StoredVoteChoice }>(
        `FETCH FORWARD ${Math.max(1, Math.floor(batchSize))} FROM ${cursor}`,
      );
      if (rows.length === 0) return;
      yield rows.map((row) => ({ voteId: row.id, discipline: row.discipline, choice: row.choice }));
    }
  } finally {
    await client.query(`CLOSE ${cursor}`).catch(() => {});
  }
}

interface VoteRow {
  id: string;
  choice: StoredVoteChoice;
  reason: string | null;
  created_at: string;
  user_id: string;
  question: string;
  discipline: string | null;
  category: string | null;
  run_id: string;
  model_a: string;
  model_b: string;
  response_a: string | null;
  response_b: string | null;
  citations_a: unknown;
  citations_b: unknown;
}

interface ReferenceRow {
  run_id: string;
  ref_number: number;
  text: string;
  external_id: string;
  title: string;
  /** JSON (parsed by pg): cheaper to read than a Postgres array literal. */
  authors: string[] | null;
  year: number | null;
}

interface StoredCitationJson {
  n?: unknown;
  externalId?: unknown;
  title?: unknown;
}

/** The numbered list of one run: passages of one reference joined in rank order, references by number. */
function referenceLists(rows: readonly ReferenceRow[]): Map<string, StoredReference[]> {
  const byRun = new Map<string, Map<number, { paper: StoredPaper; passages: string[] }>>();
  for (const row of rows) {
    let run = byRun.get(row.run_id);
    if (!run) byRun.set(row.run_id, (run = new Map()));
    let reference = run.get(row.ref_number);
    if (!reference) {
      reference = {
        paper: { externalId: row.external_id, title: row.title, authors: row.authors ?? [], year: row.year },
        passages: [],
      };
      run.set(row.ref_number, reference);
    }
    reference.passages.push(row.text);
  }
  const lists = new Map<string, StoredReference[]>();
  for (const [runId, run] of byRun) {
    lists.set(
      runId,
      [...run.entries()]
        .sort(([left], [right]) => left - right)
        .map(([number, { paper, passages }]) => ({ number, paper, content: passages.join("\n\n") })),
    );
  }
  return lists;
}

/**
 * Response.citations ([{n, paperId, externalId, title}, …]) as cited papers with the passages given for
 * them: the reference objects of the bank themselves (a StoredReference is a StoredCitation).
 */
function citationsOf(json: unknown, bank: readonly StoredReference[]): StoredCitation[] {
  if (!Array.isArray(json)) return [];
  const seen = new Set<number>();
  const citations: StoredCitation[] = [];
  for (const item of json as StoredCitationJson[]) {
    if (typeof item !== "object" || item === null || typeof item.n !== "number" || seen.has(item.n)) continue;
    seen.add(item.n);
    const reference = bank.find((entry) => entry.number === item.n);
    citations.push(
      reference ?? {
        // The reference list changed under the answer (should not happen): keep what the answer stored.
        paper: {
          externalId: typeof item.externalId === "string" ? item.externalId : "",
          title: typeof item.title === "string" ? item.title : "",
          authors: [],
          year: null,
        },
        content: "",
      },
    );
  }
  return citations;
}

/**
 * Reference lists of retrieval runs kept between batches, up to about `maxChars` characters of text
 * (oldest loaded first out). Reference lists do not change once a run is done, so a cached list is the
 * one the database would return.
 */
export class ReferenceListCache {
  private readonly lists = new Map<string, { references: StoredReference[]; chars: number }>();
  /** Run ids in insertion order from `head` on (iterating the Map from its start after deletions is slow). */
  private order: string[] = [];
  private head = 0;
  private chars = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxChars = 8_000_000) {}

  get(runId: string): StoredReference[] | undefined {
    const entry = this.lists.get(runId);
    if (entry) this.hits++;
    else this.misses++;
    return entry?.references;
  }

  set(runId: string, references: StoredReference[]): void {
    if (this.lists.has(runId)) return;
    // Text plus a rough allowance for the objects around it.
    let chars = 64;
    for (const { paper, content } of references) {
      chars += 160 + content.length + paper.title.length + paper.externalId.length;
      for (const author of paper.authors) chars += 24 + author.length;
    }
    this.lists.set(runId, { references, chars });
    this.order.push(runId);
    this.chars += chars;
    while (this.chars > this.maxChars && this.head < this.order.length) {
      const oldest = this.order[this.head++];
      this.chars -= this.lists.get(oldest)!.chars;
      this.lists.delete(oldest);
    }
    if (this.head > 4096 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
  }
}

/** Full data of the given votes, in the order of `ids` (ids not found are left out). */
export async function loadStoredVotes(db: pg.Pool | pg.PoolClient, ids: readonly string[], cache?: ReferenceListCache): Promise<StoredVote[]> {
  if (ids.length === 0) return [];
  const { rows: votes } = await db.query<VoteRow>(
    `SELECT v.id, v.choice::text AS choice, v.reason, to_char(v."createdAt", ${ISO_MS}) AS created_at, v."userId" AS user_id,
            q.text AS question, q.discipline, q.category, b."retrievalRunId" AS run_id,
            ma.slug AS model_a, mb.slug AS model_b,
            ra.text AS response_a, rb.text AS response_b, ra.citations AS citations_a, rb.citations AS citations_b
     FROM "Vote" v
     JOIN "Battle" b ON b.id = v."battleId"
     JOIN "Question" q ON q.id = b."questionId"
     JOIN "Model" ma ON ma.id = b."modelAId"
     JOIN "Model" mb ON mb.id = b."modelBId"
     LEFT JOIN "Response" ra ON ra."battleId" = b.id AND ra.side = 'A'
     LEFT JOIN "Response" rb ON rb."battleId" = b.id AND rb.side = 'B'
     WHERE v.id = ANY($1::text[])`,
    [ids],
  );
  const lists = new Map<string, StoredReference[]>();
  const missing = new Set<string>();
  for (const vote of votes) {
    if (lists.has(vote.run_id) || missing.has(vote.run_id)) continue;
    const cached = cache?.get(vote.run_id);
    if (cached) lists.set(vote.run_id, cached);
    else missing.add(vote.run_id);
  }
  if (missing.size > 0) {
    const { rows } = await db.query<ReferenceRow>(
      `SELECT ri."runId" AS run_id, ri."refNumber" AS ref_number, ri.text,
              p."externalId" AS external_id, p.title, to_json(p.authors) AS authors, p.year
       FROM "RetrievedItem" ri JOIN "Paper" p ON p.id = ri."paperId"
       WHERE ri."runId" = ANY($1::text[])
       ORDER BY ri.rank`,
      [[...missing]],
    );
    for (const [runId, references] of referenceLists(rows)) {
      lists.set(runId, references);
      cache?.set(runId, references);
    }
  }
  const byId = new Map(votes.map((vote) => [vote.id, vote]));
  const stored: StoredVote[] = [];
  for (const id of ids) {
    const vote = byId.get(id);
    if (!vote) continue;
    const bank = lists.get(vote.run_id) ?? [];
    stored.push({
      voteId: vote.id,
      choice: vote.choice,
      reason: vote.reason,
      createdAt: new Date(vote.created_at),
      question: vote.question,
      discipline: vote.discipline,
      category: vote.category,
      responseA: vote.response_a ?? "",
      responseB: vote.response_b ?? "",
      modelA: vote.model_a,
      modelB: vote.model_b,
      citationsA: citationsOf(vote.citations_a, bank),
      citationsB: citationsOf(vote.citations_b, bank),
      paperBank: bank,
      annotatorUserId: vote.user_id,
    });
  }
  return stored;
}
