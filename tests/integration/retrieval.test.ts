import { beforeAll, describe, expect, it } from "vitest";
import { createBattle } from "@/lib/battles/create-battle";
import { getDb, getPool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { hasQueryTerms, retrieveLocal } from "@/lib/retrieval/local-retriever";
import { createUser, ensureArenaData } from "./helpers/fixtures";

beforeAll(async () => {
  await ensureArenaData();
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
    expect(result.queries).toEqual(["all-terms", "any-term"]);
    expect(result.references.length).toBeGreaterThan(0);
  });

  it("handles a 2000-character question", async () => {
    const long = ("How do vaccines lose potency when refrigerators fail? ").repeat(40).slice(0, 2000);
    const result = await retrieveLocal(getPool(), long, { topN: 30, maxPassages: 60 });
    expect(result.references.length).toBeGreaterThan(0);
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
