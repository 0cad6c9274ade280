import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createBattle } from "@/lib/battles/create-battle";
import { waitForBattle } from "@/lib/battles/run-battle";
import { getDb, getPool } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { syncModels } from "@/lib/models/sync-models";
import { retrieve } from "@/lib/retrieval/retrieve";
import { startMockLlmServer, type MockLlmServer } from "../mocks/llm-server";
import { openAlexWork, s2Paper, startScholarlyServer, type ScholarlyServer } from "../mocks/scholarly-server";
import { createUser, ensureArenaData } from "./helpers/fixtures";

// Remote backends, reranking and the LLM query rewrite against local mock servers that answer in the
// APIs' documented shapes, including rate limits, server errors, timeouts and malformed JSON.

let api: ScholarlyServer;
let llm: MockLlmServer;
const tag = `R${Date.now()}`;
const QUESTION = "How do quokka populations respond to bushfire smoke?";

function setEnv(values: Record<string, string | undefined>) {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnvCache();
}

const works = [
  openAlexWork(`W${tag}1`, "Quokka population decline after bushfires", "Quokka populations fell after bushfire smoke covered the island."),
  openAlexWork(`W${tag}2`, "Marsupial respiration under smoke", "Smoke exposure changes marsupial respiration rates."),
];

beforeAll(async () => {
  api = await startScholarlyServer();
  llm = await startMockLlmServer();
  await ensureArenaData();
  await syncModels([
    {
      slug: "mock-rewriter",
      displayName: "Rewriter",
      organization: "Mock",
      license: "PROPRIETARY",
      provider: "openai",
      providerModel: "rewriter",
      costPer1kIn: 0,
      costPer1kOut: 0,
      options: { baseURL: llm.openaiBaseURL },
      active: false,
    },
  ]);
  setEnv({
    OPENAI_API_KEY: "sk-test-rewrite-0123456789",
    OPENALEX_BASE_URL: api.url,
    S2_BASE_URL: api.url,
    OPENALEX_EMAIL: "arena@example.org",
    REMOTE_SEARCH_TIMEOUT_MS: "400",
  });
});

afterEach(() => {
  setEnv({ RETRIEVER: undefined, RETRIEVER_FALLBACK_LOCAL: undefined, S2_API_KEY: undefined, RERANK_URL: undefined, QUERY_REWRITE_MODEL: undefined });
  api.requests.length = 0;
});

afterAll(async () => {
  await api.close();
  await llm.close();
});

describe("OpenAlex backend", () => {
  it("searches with the polite-pool email, upserts the works and numbers them", async () => {
    api.on("/works", { kind: "ok", body: { meta: { count: 2, page: 1, per_page: 50 }, results: works } });
    const result = await retrieve(getPool(), QUESTION, { backend: "openalex" });
    expect(result.backend).toBe("openalex");
    expect(result.reranker).toBe("lexical");
    expect(result.references.map((r) => r.externalId)).toEqual([`openalex:W${tag}1`, `openalex:W${tag}2`]);
    expect(result.references[0]).toMatchObject({ authors: ["Grace Hopper"], venue: "Journal of Mock Results", year: 2021 });
    expect(api.requests[0].query.get("mailto")).toBe("arena@example.org");
    expect(api.requests[0].query.get("search")).toMatch(/quokka/);
    const stored = await getDb().paper.findUniqueOrThrow({ where: { externalId: `openalex:W${tag}1` }, include: { passages: true } });
    expect(stored.passages[0].text).toMatch(/bushfire smoke/);
  });

  it("retries a 429 after its Retry-After and a 500 with backoff", async () => {
    api.on("/works", { kind: "status", status: 429, headers: { "Retry-After": "1" }, times: 1, then: { results: works } });
    const limited = await retrieve(getPool(), QUESTION, { backend: "openalex" });
    expect(limited.references).toHaveLength(2);
    expect(api.requests).toHaveLength(2);
    expect(api.requests[1].query.get("search")).toBe(api.requests[0].query.get("search"));

    api.requests.length = 0;
    api.on("/works", { kind: "status", status: 503, times: 2, then: { results: works } });
    expect((await retrieve(getPool(), QUESTION, { backend: "openalex" })).references).toHaveLength(2);
    expect(api.requests).toHaveLength(3);
  });

  it("fails clearly on a Retry-After too long to wait, a timeout or malformed JSON when there is no fallback", async () => {
    setEnv({ RETRIEVER_FALLBACK_LOCAL: "false" });
    const failure = async () => {
      const error = await retrieve(getPool(), QUESTION, { backend: "openalex" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(503);
      return (error as AppError).message;
    };
    api.on("/works", { kind: "status", status: 429, headers: { "Retry-After": "3600" } });
    expect(await failure()).toMatch(/OpenAlex.*rate limited.*3600 s/);
    api.on("/works", { kind: "hang" });
    const started = Date.now();
    expect(await failure()).toMatch(/no answer within 400 ms/);
    expect(Date.now() - started).toBeLessThan(5000);
    api.on("/works", { kind: "malformed" });
    expect(await failure()).toMatch(/malformed JSON/);
    api.on("/works", { kind: "status", status: 500 });
    expect(await failure()).toMatch(/HTTP 500/);
  });

  it("falls back to the local corpus with a notice, and a battle still starts", async () => {
    setEnv({ RETRIEVER: "openalex" });
    api.on("/works", { kind: "hang" });
    const user = await createUser("remote-fallback");
    const battle = await createBattle(user.id, { question: "vaccine storage refrigerators in general practice", discipline: null });
    expect(battle.references.length).toBeGreaterThan(0);
    const stored = await getDb().battle.findUniqueOrThrow({ where: { id: battle.battleId }, include: { retrievalRun: { include: { items: true } } } });
    expect(stored.retrievalRun.backend).toBe("local");
    expect(stored.retrievalRun.notice).toMatch(/OpenAlex did not answer/);
    await waitForBattle(battle.battleId);
  });
});

describe("Semantic Scholar backend", () => {
  const papers = [s2Paper(900000001, "Quokka smoke tolerance", "Quokkas tolerate smoke poorly."), s2Paper(900000002, "Island fire ecology", "Fire regimes on islands.")];

  it("uses paper search alone without a key", async () => {
    api.on("/graph/v1/paper/search", { kind: "ok", body: { total: 2, offset: 0, data: papers } });
    const result = await retrieve(getPool(), QUESTION, { backend: "semanticscholar" });
    expect(result.references.map((r) => r.externalId).sort()).toEqual(["s2:900000001", "s2:900000002"]);
    expect(api.requests.map((r) => r.path)).toEqual(["/graph/v1/paper/search"]);
  });

  it("adds snippet passages with a key, sending it as x-api-key", async () => {
    setEnv({ S2_API_KEY: "s2-test-key" });
    api.on("/graph/v1/paper/search", { kind: "ok", body: { total: 2, offset: 0, data: papers } });
    api.on("/graph/v1/snippet/search", {
      kind: "ok",
      body: {
        data: [
          { snippet: { text: "In the body text, quokka smoke exposure reduced foraging.", snippetKind: "body" }, score: 0.9, paper: { corpusId: "900000001", title: "Quokka smoke tolerance", authors: ["Barbara Liskov"] } },
          { snippet: { text: "A snippet-only paper about quokka smoke.", snippetKind: "body" }, score: 0.5, paper: { corpusId: "900000003", title: "Snippet only quokka paper", authors: ["Ken Thompson"] } },
        ],
        retrievalVersion: "mock",
      },
    });
    const result = await retrieve(getPool(), QUESTION, { backend: "semanticscholar" });
    expect(api.requests.every((r) => r.headers["x-api-key"] === "s2-test-key")).toBe(true);
    const texts = result.references.flatMap((r) => r.passages.map((p) => p.text));
    expect(texts).toContain("In the body text, quokka smoke exposure reduced foraging.");
    const snippetOnly = result.references.find((r) => r.externalId === "s2:900000003");
    expect(snippetOnly?.passages[0]).toMatchObject({ passageId: null, text: "A snippet-only paper about quokka smoke." });
    // A snippet-only record never overwrites the fuller paper-search record.
    expect((await getDb().paper.findUniqueOrThrow({ where: { externalId: "s2:900000001" } })).venue).toBe("Mock Conference");
  });
});

describe("reranking over HTTP", () => {
  it("orders by the cross-encoder (TEI and Cohere shapes) and falls back when it fails", async () => {
    api.on("/works", { kind: "ok", body: { results: works } });
    setEnv({ RERANK_URL: `${api.url}/rerank` });
    // The cross-encoder prefers the second work.
    api.on("/rerank", { kind: "ok", body: [{ index: 1, score: 0.99 }, { index: 0, score: 0.01 }] });
    const tei = await retrieve(getPool(), QUESTION, { backend: "openalex" });
    expect(tei.reranker).toBe("http");
    expect(tei.references.map((r) => r.externalId)).toEqual([`openalex:W${tag}2`, `openalex:W${tag}1`]);
    const request = api.requests.find((r) => r.path === "/rerank")!;
    expect(request.body).toMatchObject({ query: expect.any(String), texts: expect.any(Array), documents: expect.any(Array) });

    api.on("/rerank", { kind: "ok", body: { results: [{ index: 1, relevance_score: 0.2 }, { index: 0, relevance_score: 0.8 }] } });
    const cohere = await retrieve(getPool(), QUESTION, { backend: "openalex" });
    expect(cohere.references.map((r) => r.externalId)).toEqual([`openalex:W${tag}1`, `openalex:W${tag}2`]);

    api.on("/rerank", { kind: "status", status: 500 });
    const fallback = await retrieve(getPool(), QUESTION, { backend: "openalex" });
    expect(fallback.reranker).toBe("lexical");
    expect(fallback.references).toHaveLength(2);
  });
});

describe("LLM query rewrite", () => {
  it("uses the model's search query and filters, and the rules when its reply is unusable", async () => {
    setEnv({ QUERY_REWRITE_MODEL: "mock-rewriter" });
    api.on("/works", { kind: "ok", body: { results: works } });
    llm.scenario("rewriter", {
      chunks: [],
      json: { search_query: "quokka bushfire smoke response", keyword_query: "quokka bushfire smoke", filters: { year_from: 2019, year_to: 2023 } },
    });
    const rewritten = await retrieve(getPool(), QUESTION, { backend: "openalex" });
    expect(rewritten.understoodBy).toBe("llm:mock-rewriter");
    expect(rewritten.query).toBe("quokka bushfire smoke response");
    expect(api.requests[0].query.get("filter")).toBe("publication_year:2019-2023");

    llm.scenario("rewriter", { chunks: [], json: "I cannot help with that." });
    const fallback = await retrieve(getPool(), `${QUESTION} since 2020`, { backend: "openalex" });
    expect(fallback.understoodBy).toBe("rules");
    expect(fallback.filters).toMatchObject({ yearFrom: 2020 });
    expect(fallback.notice).toMatch(/keyword rules/);
  });
});
