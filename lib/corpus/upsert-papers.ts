import type pg from "pg";
import type { PaperInput } from "./paper-input";
import { splitPassages } from "./split-passages";

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

// Column list shared by the INSERT and the "did anything change" check, so re-ingesting the same
// file touches no row (idempotent) while a corrected record replaces the old one.
const COLUMNS = [
  "source",
  "title",
  "authors",
  "year",
  "publishedOn",
  "venue",
  "abstract",
  "url",
  "doi",
  "fieldsOfStudy",
  "categories",
  "externalIds",
] as const;
const quoted = COLUMNS.map((c) => `"${c}"`);

const UPSERT_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
    "externalId" text, source text, title text, authors text[], year int, "publishedOn" text,
    venue text, abstract text, url text, doi text, "fieldsOfStudy" text[], categories text[],
    "externalIds" jsonb)
)
INSERT INTO "Paper" ("externalId", ${quoted.join(", ")}, "updatedAt")
SELECT "externalId", ${quoted.join(", ")}, now() FROM input
ON CONFLICT ("externalId") DO UPDATE SET
  ${quoted.map((c) => `${c} = EXCLUDED.${c}`).join(", ")}, "updatedAt" = now()
WHERE (${quoted.map((c) => `"Paper".${c}`).join(", ")})
  IS DISTINCT FROM (${quoted.map((c) => `EXCLUDED.${c}`).join(", ")})
RETURNING id, "externalId", (xmax = 0) AS inserted`;

const INSERT_PASSAGES_SQL = `
INSERT INTO "Passage" ("paperId", ordinal, section, text, tsv)
SELECT x."paperId", x.ordinal, x.section, x.text,
       setweight(to_tsvector('english', x.title), 'A') || setweight(to_tsvector('english', x.text), 'B')
FROM jsonb_to_recordset($1::jsonb) AS x("paperId" int, ordinal int, section text, text text, title text)`;

/**
 * Inserts new papers, replaces changed ones (and their passages) and leaves identical ones alone,
 * all in one transaction: a batch is never half-written.
 */
export async function upsertPapers(pool: pg.Pool, papers: PaperInput[]): Promise<UpsertCounts> {
  // Within one statement a row may be upserted once; the last record of an id wins.
  const byId = new Map<string, PaperInput>();
  for (const p of papers) byId.set(p.externalId, p);
  const unique = [...byId.values()];
  if (unique.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };

  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ id: number; externalId: string; inserted: boolean }>(
      UPSERT_SQL,
      [JSON.stringify(unique)],
    );
    const updatedIds = rows.filter((r) => !r.inserted).map((r) => r.id);
    if (updatedIds.length) {
      await client.query(`DELETE FROM "Passage" WHERE "paperId" = ANY($1::int[])`, [updatedIds]);
    }
    const passages = rows.flatMap((row) => {
      const paper = byId.get(row.externalId)!;
      return splitPassages(paper.abstract).map((text, ordinal) => ({
        paperId: row.id,
        ordinal,
        section: "abstract",
        text,
        title: paper.title,
      }));
    });
    if (passages.length) await client.query(INSERT_PASSAGES_SQL, [JSON.stringify(passages)]);
    await client.query("COMMIT");
    const inserted = rows.length - updatedIds.length;
    return { inserted, updated: updatedIds.length, unchanged: unique.length - rows.length };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
