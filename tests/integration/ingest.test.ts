import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { IngestLineError, ingestFiles } from "@/lib/corpus/ingest-files";
import { getDb, getPool } from "@/lib/db";

function paper(id: string, overrides: Record<string, unknown> = {}) {
  return JSON.stringify({
    id,
    source: "test",
    title: `Ingest test paper ${id}`,
    abstract: `The zymurgical properties of ${id} were studied. Fermentation rates rose with temperature.`,
    authors: ["Ada Lovelace", "Alan Turing"],
    year: 2021,
    venue: "Test Journal",
    field: "Biology",
    categories: ["Yeast"],
    doi: null,
    url: `https://example.org/${id}`,
    ...overrides,
  });
}

function writeJsonl(lines: string[]): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "ingest-")), "papers.jsonl");
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

describe("ingest", () => {
  const prefix = `t${Date.now()}`;

  it("loads good lines, reports bad ones with file and line, and re-running changes nothing", async () => {
    const file = writeJsonl([
      paper(`${prefix}:1`),
      "{not json",
      paper(`${prefix}:2`),
      JSON.stringify({ id: `${prefix}:3`, title: "No abstract" }),
      "",
      paper(`${prefix}:4`, { year: "twenty" }),
      paper(`${prefix}:5`),
    ]);
    const first = await ingestFiles(getPool(), [file], { batchSize: 2 });
    expect(first.inserted).toBe(3);
    expect(first.skipped).toBe(3);
    expect(first.errors.map((e) => e.line)).toEqual([2, 4, 6]);
    expect(first.errors[0].file).toBe(file);
    expect(first.errors[0].message).toMatch(/invalid JSON/);
    expect(first.errors[1].message).toMatch(/abstract/);
    expect(first.errors[2].message).toMatch(/year/);

    const db = getDb();
    const stored = await db.paper.findMany({ where: { externalId: { startsWith: prefix } }, include: { passages: true } });
    expect(stored).toHaveLength(3);
    const snapshot = stored.map((p) => [p.externalId, p.updatedAt.toISOString(), p.passages.map((x) => x.id)]);

    const second = await ingestFiles(getPool(), [file], { batchSize: 2 });
    expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, skipped: 3 });
    const after = await db.paper.findMany({ where: { externalId: { startsWith: prefix } }, include: { passages: true } });
    expect(after.map((p) => [p.externalId, p.updatedAt.toISOString(), p.passages.map((x) => x.id)])).toEqual(snapshot);
  });

  it("replaces a changed paper and its passages, and indexes title and text for search", async () => {
    const id = `${prefix}:changed`;
    await ingestFiles(getPool(), [writeJsonl([paper(id)])]);
    const result = await ingestFiles(getPool(), [
      writeJsonl([paper(id, { abstract: "Quasicrystalline xylophones resonate at unusual frequencies." })]),
    ]);
    expect(result).toMatchObject({ inserted: 0, updated: 1 });
    const db = getDb();
    const stored = await db.paper.findUniqueOrThrow({ where: { externalId: id }, include: { passages: true } });
    expect(stored.passages).toHaveLength(1);
    expect(stored.passages[0].text).toMatch(/xylophones/);
    const hits = await getPool().query(
      `SELECT p."externalId" FROM "Passage" s JOIN "Paper" p ON p.id = s."paperId" WHERE s.tsv @@ plainto_tsquery('english', 'quasicrystalline xylophone')`,
    );
    expect(hits.rows.map((r) => r.externalId)).toEqual([id]);
  });

  it("stops at the first bad line with --strict and writes nothing of that batch", async () => {
    const file = writeJsonl([paper(`${prefix}:strict1`), "oops", paper(`${prefix}:strict2`)]);
    const error = await ingestFiles(getPool(), [file], { strict: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestLineError);
    expect((error as IngestLineError).message.startsWith(`${file}:2: invalid JSON`)).toBe(true);
    expect(await getDb().paper.count({ where: { externalId: { startsWith: `${prefix}:strict` } } })).toBe(0);
  });
});
