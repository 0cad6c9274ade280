import type pg from "pg";
import type { StoredCitation, StoredPaper, StoredReference, StoredVote, StoredVoteChoice } from "@/lib/dataset/stored-vote";

// The full data of given votes, for the export's units (see encode-row-group.ts): two queries per batch
// (votes with their question and responses, then the reference lists of their retrieval runs). Many votes
// may share a retrieval run; with a ReferenceListCache, a run's list is loaded once while it stays cached,
// and every vote on it gets the same reference objects (which lets the mapper and the Parquet writer do
// their work once per run). Kept apart from vote-source.ts, which needs the app's settings: export threads
// load this module and as little else as they can.

/** The text a ReferenceListCache keeps by default (split between the threads of an export). */
export const REFERENCE_CACHE_CHARS = 8_000_000;

/** Milliseconds-precise ISO 8601 in UTC, as Postgres's to_char writes it. */
export const ISO_MS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

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

  constructor(private readonly maxChars = REFERENCE_CACHE_CHARS) {}

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
