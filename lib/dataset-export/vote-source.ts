import { randomBytes } from "node:crypto";
import type pg from "pg";
import type { StoredVoteChoice, VoteSamplingKey } from "@/lib/dataset";
import { countedVotesSql } from "@/lib/votes/counted-votes";
import { ISO_MS } from "./load-stored-votes";

// Reads counted votes out of Postgres for the dataset export, in bounded memory:
// - `votingKeysInIdOrder` walks every published vote as (id, discipline, choice) in code-unit id order
//   through a WITH HOLD cursor: Postgres sorts once, and each FETCH is a short statement of its own, so
//   no transaction stays open (on the embedded database an open transaction would stall the app);
// - `summarizePublishedVotes` counts them and fingerprints their set.
// The full data of the votes is loaded by load-stored-votes.ts.

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
  /** DatasetContentVersion: changes when published content changes after the votes (edits, renames). */
  contentVersion: string;
}

/** What the export's cursor reads of each published vote: the sampler's key and the record's category. */
export interface PublishedVoteKey extends VoteSamplingKey {
  choice: StoredVoteChoice;
  category: string | null;
}


export async function summarizePublishedVotes(db: pg.Pool | pg.PoolClient, filter: PublishedVoteFilter = {}): Promise<PublishedVotesSummary> {
  const { from, where } = publishedVotesSql(filter);
  // Sum of a 60-bit hash of each id (Postgres's own hashtextextended, about twice as fast as md5 here):
  // order-independent, and any added or removed vote changes it (up to a 2^-60 chance).
  const { rows } = await db.query<{ count: string; newest: string | null; hash: string | null; content_version: string | null }>(
    `SELECT count(*)::text AS count,
            to_char(max(v."createdAt"), ${ISO_MS}) AS newest,
            sum(hashtextextended(v.id, 0) >> 4)::text AS hash,
            (SELECT version::text FROM "DatasetContentVersion" WHERE id = 1) AS content_version
     FROM ${from}
     WHERE ${where}`,
  );
  const row = rows[0];
  return { count: Number(row.count), newestVoteAt: row.newest, membershipHash: row.hash ?? "0", contentVersion: row.content_version ?? "0" };
}

/**
 * (id, discipline, choice, category) of every published vote, in batches, ids ascending in code-unit order (the
 * order the files are written in). The cursor is closed when iteration ends, also early or on error.
 */
export async function* votingKeysInIdOrder(
  client: pg.PoolClient,
  { batchSize = 1000, ...filter }: PublishedVoteFilter & { batchSize?: number } = {},
): AsyncGenerator<PublishedVoteKey[]> {
  const { from, where } = publishedVotesSql(filter);
  const cursor = `dataset_export_${randomBytes(6).toString("hex")}`;
  await client.query(
    `DECLARE ${cursor} NO SCROLL CURSOR WITH HOLD FOR
     SELECT v.id, q.discipline, v.choice::text AS choice, q.category
     FROM ${from}
     WHERE ${where}
     ORDER BY v.id COLLATE "C"`,
  );
  // The next batch is fetched while the caller works on this one.
  const fetchBatch = () => {
    const fetching = client.query<{ id: string; discipline: string | null; choice: StoredVoteChoice; category: string | null }>(
      `FETCH FORWARD ${Math.max(1, Math.floor(batchSize))} FROM ${cursor}`,
    );
    fetching.catch(() => {}); // awaited below, unless iteration stops first
    return fetching;
  };
  try {
    let next = fetchBatch();
    for (;;) {
      const { rows } = await next;
      if (rows.length === 0) return;
      next = fetchBatch();
      yield rows.map((row) => ({ voteId: row.id, discipline: row.discipline, choice: row.choice, category: row.category }));
    }
  } finally {
    await client.query(`CLOSE ${cursor}`).catch(() => {});
  }
}
