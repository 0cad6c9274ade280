import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { IngestLineError, ingestFiles } from "@/lib/corpus/ingest-files";
import { lineParser } from "@/lib/corpus/paper-input";
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
    // The BM25 statistics followed the ingest.
    const stats = await getPool().query(
      `SELECT (SELECT df FROM "LexemeStat" WHERE lexeme = 'xylophon') AS df,
              (SELECT passages FROM "CorpusStat" WHERE id = 1) AS passages, (SELECT count(*)::int FROM "Passage") AS actual`,
    );
    expect(stats.rows[0].df).toBe(1);
    expect(stats.rows[0].passages).toBe(stats.rows[0].actual);
  });

  it("stops at the first bad line with --strict and writes nothing of that batch", async () => {
    const file = writeJsonl([paper(`${prefix}:strict1`), "oops", paper(`${prefix}:strict2`)]);
    const error = await ingestFiles(getPool(), [file], { strict: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestLineError);
    expect((error as IngestLineError).message.startsWith(`${file}:2: invalid JSON`)).toBe(true);
    expect(await getDb().paper.count({ where: { externalId: { startsWith: `${prefix}:strict` } } })).toBe(0);
  });

  it("ingests every supported format in one run, S2 abstracts filling in S2 papers, and a re-run changes nothing", async () => {
    const tag = `${prefix}f`;
    const papersFile = writeJsonl([
      JSON.stringify({ _id: `${tag}b1`, title: "Beir heliotropic record", text: "Sunflowers track the sun through circadian growth." }),
      JSON.stringify({
        id: `${tag}.0001`,
        title: "Arxiv heliotropic snapshot",
        abstract: "We model heliotropism in sunflowers.",
        authors_parsed: [["Curie", "Marie", ""]],
        categories: "q-bio.PE",
        versions: [{ created: "Mon, 2 Apr 2007 19:18:42 GMT" }],
      }),
      JSON.stringify({
        id: `https://openalex.org/W${tag}`,
        title: "OpenAlex heliotropic work without abstract",
        publication_year: 2022,
        abstract_inverted_index: null,
      }),
      JSON.stringify({ corpusid: `${Date.now()}`.slice(-9), title: "S2 heliotropic paper", year: 2020, authors: [{ name: "Ada" }] }),
      JSON.stringify({ unknown: true }),
    ]);
    const corpusId = JSON.parse(readFileSync(papersFile, "utf8").split("\n")[3]).corpusid as string;
    const abstractsFile = writeJsonl([
      JSON.stringify({ corpusid: corpusId, abstract: "Heliotropic sunflowers warm their flowers to attract pollinators." }),
      JSON.stringify({ corpusid: 1, abstract: "No such paper in the corpus." }),
    ]);
    const parse = lineParser("auto", { idPrefix: tag });
    const first = await ingestFiles(getPool(), [papersFile, abstractsFile], { parseLine: parse });
    expect(first).toMatchObject({ inserted: 4, skipped: 1, abstractsApplied: 1, abstractsUnmatched: 1 });
    expect(first.errors[0]).toMatchObject({ file: papersFile, line: 5, message: expect.stringMatching(/unknown record format/) });

    const db = getDb();
    const s2 = await db.paper.findUniqueOrThrow({ where: { externalId: `s2:${corpusId}` }, include: { passages: true } });
    expect(s2.abstract).toMatch(/pollinators/);
    expect(s2.passages.map((p) => p.section)).toEqual(["abstract"]);
    const openAlex = await db.paper.findUniqueOrThrow({ where: { externalId: `openalex:W${tag}` }, include: { passages: true } });
    expect(openAlex.passages.map((p) => [p.section, p.text])).toEqual([["title", "OpenAlex heliotropic work without abstract"]]);
    expect(await db.paper.count({ where: { externalId: { in: [`${tag}:${tag}b1`, `arxiv:${tag}.0001`] } } })).toBe(2);

    const again = await ingestFiles(getPool(), [papersFile, abstractsFile], { parseLine: parse });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 4, abstractsApplied: 0, abstractsUnmatched: 1 });
    const s2Again = await db.paper.findUniqueOrThrow({ where: { externalId: `s2:${corpusId}` }, include: { passages: true } });
    expect(s2Again.abstract).toBe(s2.abstract);
    expect(s2Again.passages.map((p) => p.id)).toEqual(s2.passages.map((p) => p.id));
  });
});
