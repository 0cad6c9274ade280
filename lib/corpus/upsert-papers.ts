import type pg from "pg";
import type { AbstractPatch } from "./formats/semantic-scholar";
import type { PaperInput } from "./paper-input";
import { splitPassages } from "./split-passages";
import { inTransaction } from "@/lib/db/in-transaction";

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Abstract patches (Semantic Scholar abstracts dataset) that changed a paper. */
  abstractsApplied: number;
  /** Abstract patches whose paper is not in the corpus (its papers file was not ingested first). */
  abstractsUnmatched: number;
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
// A record without an abstract (a Semantic Scholar papers line, an OpenAlex work without one) keeps the
// abstract already stored, so papers then abstracts, in any number of re-runs, converge.
const incoming = (c: string) => (c === '"abstract"' ? `CASE WHEN EXCLUDED.abstract = '' THEN "Paper".abstract ELSE EXCLUDED.abstract END` : `EXCLUDED.${c}`);

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
  ${quoted.map((c) => `${c} = ${incoming(c)}`).join(", ")}, "updatedAt" = now()
WHERE (${quoted.map((c) => `"Paper".${c}`).join(", ")})
  IS DISTINCT FROM (${quoted.map(incoming).join(", ")})
RETURNING id, "externalId", title, abstract, (xmax = 0) AS inserted`;

const PATCH_SQL = `
UPDATE "Paper" p SET abstract = x.abstract, "updatedAt" = now()
FROM jsonb_to_recordset($1::jsonb) AS x("externalId" text, abstract text)
WHERE p."externalId" = x."externalId" AND p.abstract IS DISTINCT FROM x.abstract
RETURNING p.id, p."externalId", p.title, p.abstract`;

const INSERT_PASSAGES_SQL = `
INSERT INTO "Passage" ("paperId", ordinal, section, text, tsv)
SELECT x."paperId", x.ordinal, x.section, x.text,
       setweight(to_tsvector('english', x.title), 'A') || setweight(to_tsvector('english', x.text), 'B')
FROM jsonb_to_recordset($1::jsonb) AS x("paperId" int, ordinal int, section text, text text, title text)`;

interface WrittenPaper {
  id: number;
  externalId: string;
  title: string;
  abstract: string;
}

/** Passages of a stored paper; a paper without an abstract is still findable by its title. */
export function passagesOf(paper: WrittenPaper) {
  const texts = splitPassages(paper.abstract);
  if (texts.length === 0) return [{ paperId: paper.id, ordinal: 0, section: "title", text: paper.title, title: paper.title }];
  return texts.map((text, ordinal) => ({ paperId: paper.id, ordinal, section: "abstract", text, title: paper.title }));
}

function lastWins<T extends { externalId: string }>(records: T[]): T[] {
  const byId = new Map<string, T>();
  for (const r of records) byId.set(r.externalId, r);
  return [...byId.values()];
}

/**
 * Inserts new papers, replaces changed ones (and their passages), leaves identical ones alone and
 * applies abstract patches, all in one transaction: a batch is never half-written.
 */
export async function upsertPapers(pool: pg.Pool, papers: PaperInput[], patches: AbstractPatch[] = []): Promise<UpsertCounts> {
  // Within one statement a row may be upserted once; the last record of an id wins.
  const unique = lastWins(papers);
  const uniquePatches = lastWins(patches);
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0, abstractsApplied: 0, abstractsUnmatched: 0 };
  if (unique.length === 0 && uniquePatches.length === 0) return counts;

  return inTransaction(pool, async (client) => {
    const rewritten: WrittenPaper[] = [];
    const passages: ReturnType<typeof passagesOf> = [];
    if (unique.length) {
      const { rows } = await client.query<WrittenPaper & { inserted: boolean }>(UPSERT_SQL, [JSON.stringify(unique)]);
      for (const row of rows) {
        if (row.inserted) counts.inserted++;
        else rewritten.push(row);
        passages.push(...passagesOf(row));
      }
      counts.updated = rewritten.length;
      counts.unchanged = unique.length - rows.length;
    }
    if (uniquePatches.length) {
      const { rows } = await client.query<WrittenPaper>(PATCH_SQL, [JSON.stringify(uniquePatches)]);
      const { rows: known } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "Paper" WHERE "externalId" = ANY($1::text[])`,
        [uniquePatches.map((p) => p.externalId)],
      );
      counts.abstractsApplied = rows.length;
      counts.abstractsUnmatched = uniquePatches.length - known[0].n;
      // A paper both upserted and patched in this batch gets the patched passages only.
      const patchedIds = new Set(rows.map((r) => r.id));
      for (let i = passages.length - 1; i >= 0; i--) if (patchedIds.has(passages[i].paperId)) passages.splice(i, 1);
      for (const row of rows) {
        if (!rewritten.some((r) => r.id === row.id)) rewritten.push(row);
        passages.push(...passagesOf(row));
      }
    }
    if (rewritten.length) {
      await client.query(`DELETE FROM "Passage" WHERE "paperId" = ANY($1::int[])`, [rewritten.map((r) => r.id)]);
    }
    if (passages.length) await client.query(INSERT_PASSAGES_SQL, [JSON.stringify(passages)]);
    return counts;
  });
}
