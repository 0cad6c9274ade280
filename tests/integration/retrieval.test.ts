import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createBattle } from "@/lib/battles/create-battle";
import { getDb, getPool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ingestFiles } from "@/lib/corpus/ingest-files";
import { hasQueryTerms, retrieveLocal } from "@/lib/retrieval/local-retriever";
import { understandQueryByRules } from "@/lib/retrieval/understand-query";
import { createUser, ensureArenaData } from "./helpers/fixtures";

const tag = `flt${Date.now()}`;

beforeAll(async () => {
  await ensureArenaData();
  // Five papers on one made-up topic that differ only in year, field, venue and author.
  const papers = [
    [2012, "Biology", "Journal of Glimmerworms", "Ada Quill"],
    [2016, "Biology", "NeurIPS", "Bo Reed"],
    [2019, "Computer Science", "NeurIPS", "Cy Moss"],
    [2021, "Computer Science", "Proceedings of ICML 2021", "Di Fern"],
    [2024, "Medicine", null, "Ed Lark"],
  ].map(([year, field, venue, author], i) =>
    JSON.stringify({
      id: `${tag}:${i}`,
      title: `Glimmerworm bioluminescence study ${i}`,
      abstract: `Glimmerworm larvae emit bioluminescence in caves. Experiment ${i} measured the glow.`,
      authors: [author],
      year,
      field,
      venue,
    }),
  );
  const file = path.join(mkdtempSync(path.join(tmpdir(), "retrieval-")), "papers.jsonl");
  writeFileSync(file, papers.join("\n"));
  await ingestFiles(getPool(), [file]);
});

describe("local retrieval filters", () => {
  const retrieve = (question: string) => retrieveLocal(getPool(), question, { topN: 30, maxPassages: 60 });
  const ids = (result: Awaited<ReturnType<typeof retrieve>>) =>
    result.references.map((r) => r.externalId).filter((id) => id.startsWith(tag)).sort();

  it("applies year ranges read from the question", async () => {
    expect(ids(await retrieve("glimmerworm bioluminescence since 2019"))).toEqual([`${tag}:2`, `${tag}:3`, `${tag}:4`]);
    expect(ids(await retrieve("glimmerworm bioluminescence between 2015 and 2020"))).toEqual([`${tag}:1`, `${tag}:2`]);
  });

  it("applies venue, field and author filters", async () => {
    const understood = understandQueryByRules("glimmerworm bioluminescence");
    const run = (filters: object) =>
      retrieveLocal(getPool(), "glimmerworm bioluminescence", { topN: 30, maxPassages: 60, understood: { ...understood, filters } });
    expect(ids(await run({ venues: ["neurips"] }))).toEqual([`${tag}:1`, `${tag}:2`]);
    expect(ids(await run({ venues: ["ICML"] }))).toEqual([`${tag}:3`]);
    expect(ids(await run({ fields: ["computer science"] }))).toEqual([`${tag}:2`, `${tag}:3`]);
    expect(ids(await run({ authors: ["lark"] }))).toEqual([`${tag}:4`]);
    expect(ids(await run({ venues: ["100%_match"] }))).toEqual(ids(await retrieve("glimmerworm bioluminescence")));
  });

  it("drops filters that exclude everything and says so", async () => {
    const result = await retrieve("glimmerworm bioluminescence before 1990");
    expect(ids(result)).toHaveLength(5);
    expect(result.filters).toMatchObject({ dropped: { yearTo: 1989 } });
    expect(result.notice).toMatch(/filters/);
  });

  it("de-duplicates to papers", async () => {
    const result = await retrieve("glimmerworm larvae bioluminescence caves glow");
    expect(new Set(result.references.map((r) => r.paperId)).size).toBe(result.references.length);
  });
});

describe("local retrieval", () => {
  it("finds the PubMedQA paper a question is about", async () => {
    const result = await retrieveLocal(getPool(), "storage of vaccines in the community cold chain refrigerators", {
      topN: 30,
      maxPassages: 60,
    });
    expect(result.references.length).toBeGreaterThan(0);
    expect(result.references.slice(0, 3).map((r) => r.externalId)).toContain("pmid:1571683");
    expect(new Set(result.references.map((r) => r.paperId)).size).toBe(result.references.length);
  });

  it("relaxes to any-term matching when all terms together find too little", async () => {
    const result = await retrieveLocal(getPool(), "vaccine refrigerator zzqxnotaword", { topN: 30, maxPassages: 60 });
    expect(result.queries.map((q) => q.split(":")[0])).toEqual(["all-terms", "any-term"]);
    expect(result.references.length).toBeGreaterThan(0);
  });

  it("matches on Postgres' own reading of the question when relaxing, not only on the split keywords", async () => {
    // The keyword pattern splits "Qzx7/3" into "qzx7" and "3"; the index holds "qzx7/3".
    const file = path.join(mkdtempSync(path.join(tmpdir(), "retrieval-")), "papers.jsonl");
    writeFileSync(file, JSON.stringify({ id: `${tag}:slash`, title: "Qzx7/3 complex inhibition alters lamellipodial architecture", abstract: "The Qzx7/3 complex nucleates branched filaments." }) + "\n");
    await ingestFiles(getPool(), [file]);
    const result = await retrieveLocal(getPool(), "Pretreatment with the Qzx7/3 inhibitor zzqxnotaword", { topN: 30, maxPassages: 60 });
    expect(result.queries.map((q) => q.split(":")[0])).toEqual(["all-terms", "any-term"]);
    expect(result.references[0]?.externalId).toBe(`${tag}:slash`);
  });

  it("handles a 2000-character question and longer input", async () => {
    const long = ("How do vaccines lose potency when refrigerators fail? ").repeat(40).slice(0, 2000);
    const result = await retrieveLocal(getPool(), long, { topN: 30, maxPassages: 60 });
    expect(result.references.length).toBeGreaterThan(0);
    const varied = Array.from({ length: 800 }, (_, i) => `vaccine${i % 3 ? "" : i} storage`).join(" ");
    const huge = await retrieveLocal(getPool(), varied, { topN: 30, maxPassages: 60 });
    expect(huge.references.length).toBeGreaterThan(0);
  });

  it("returns an empty list, not an error, for only stop words and punctuation", async () => {
    const result = await retrieveLocal(getPool(), "what is the of and ??? !!! ...", { topN: 30, maxPassages: 60 });
    expect(result.references).toEqual([]);
  });

  it("refuses questions with only stop words or punctuation clearly, writing nothing", async () => {
    expect(await hasQueryTerms(getPool(), "what is the of and ??? !!! ... ---")).toBe(false);
    const user = await createUser();
    const before = await getDb().question.count();
    const error = await createBattle(user.id, { question: "what is the of and ??? !!! ...", discipline: null }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(422);
    expect((error as AppError).message).toMatch(/no searchable words/);
    expect(await getDb().question.count()).toBe(before);
  });
});
