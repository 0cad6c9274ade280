import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MODELS } from "@/lib/ai/demo/catalog";
import { createRecordMapper, jsonLinesChunks, parquetChunks, writeChunks, type SciArenaEvalRecord } from "@/lib/dataset";
import { generateStoredVotes, TEST_SALT } from "@/lib/dataset/test-fixtures";
import { getDb } from "@/lib/db";
import { listJudgeEvaluations } from "@/lib/judges/evaluations";
import { resolveJudge } from "@/lib/judges/resolve-judge";
import { runJudgements, type JudgeRecord } from "@/lib/judges/run-judgements";
import { syncModels } from "@/lib/models/sync-models";
import { runCli } from "./helpers/run-cli";

// The judge CLI end to end (our JSONL and Parquet, the public files' quirks, storing, resuming) and the
// provider path over real HTTP against a local OpenAI-compatible mock server.

const dir = mkdtempSync(path.join(tmpdir(), "judge-eval-"));
const jsonl = path.join(dir, "sciarena-eval.jsonl");
const parquet = path.join(dir, "sciarena-eval.parquet");
let records: SciArenaEvalRecord[];

beforeAll(async () => {
  await syncModels(DEMO_MODELS);
  const mapRecord = createRecordMapper({ annotatorSalt: TEST_SALT });
  // Answers whose citation counts differ; researchers side with the better-cited one 3 times in 4.
  records = generateStoredVotes(60, 5).map((vote, i) => {
    const rich = `A well-supported answer [1] with more evidence [2] and a review [3] (${i}).`;
    const poor = `A thin answer [1] (${i}).`;
    const richIsA = i % 2 === 0;
    const humanPicksRich = i % 4 !== 0;
    return mapRecord({
      ...vote,
      responseA: richIsA ? rich : poor,
      responseB: richIsA ? poor : rich,
      choice: i % 10 === 9 ? "TIE" : humanPicksRich === richIsA ? "A" : "B",
    });
  });
  await writeChunks(jsonLinesChunks(records), createWriteStream(jsonl));
  await writeChunks(parquetChunks(records, { rowGroupSize: 16 }), createWriteStream(parquet));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[]) => runCli("scripts/eval-judge.ts", args, { DATA_DIR: path.join(dir, "data") });

describe("npm run eval:judge", () => {
  it("scores the demo judge on our JSONL, stores the evaluation, and resumes from the cache", async () => {
    const before = await getDb().judgeEvaluation.count();
    const out = path.join(dir, "results.json");
    const first = await cli(["--data", jsonl, "--judge", "demo-judge", "--out", out, "--concurrency", "3", "--bootstrap", "200"]);
    expect(first.stderr).not.toContain("eval:judge failed");
    expect(first.code).toBe(0);
    const decisive = records.filter((record) => record.vote === "A" || record.vote === "B").length;
    expect(first.stdout).toMatch(new RegExp(`overall\\s+${decisive}\\s+`));
    expect(first.stdout).toContain("published reference points (original order): o3 65.1%, GPT-4.1 61.9%, random 50.0%");
    expect(first.stdout).toContain(`judgements: ${decisive * 2} (0 from the cache, ${decisive * 2} model calls`);
    expect(first.stderr).toContain("6 tie or both-bad skipped");

    const report = JSON.parse(readFileSync(out, "utf8"));
    expect(report.judge).toEqual({ slug: "demo-judge", provider: "offline-demo", model: "judge" });
    expect(report.dataset).toMatchObject({ file: "sciarena-eval.jsonl", judged: decisive, skippedNotDecisive: 6 });
    const accuracy = report.evaluation.overall.accuracy.value;
    expect(accuracy).toBeGreaterThan(0.6);
    expect(accuracy).toBeLessThan(0.9);
    expect(report.evaluation.overall.accuracy.ci95[0]).toBeLessThan(accuracy);
    expect(report.evaluation.bySubject.length).toBeGreaterThan(1);

    expect(await getDb().judgeEvaluation.count()).toBe(before + 1);
    const [stored] = await listJudgeEvaluations({ limit: 1 });
    expect(stored).toMatchObject({ judge: "demo-judge", dataset: "sciarena-eval.jsonl", records: decisive });
    expect(stored.accuracy).toBeCloseTo(accuracy, 12);
    expect(stored.bySubject.map((group) => group.group)).toEqual(report.evaluation.bySubject.map((group: { group: string }) => group.group));

    const again = await cli(["--data", jsonl, "--judge", "demo-judge", "--no-store", "--bootstrap", "200"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`judgements: ${decisive * 2} (${decisive * 2} from the cache, 0 model calls`);
    expect(await getDb().judgeEvaluation.count()).toBe(before + 1);
  });

  it("reads Parquet to the same result, and the public files' quirks", async () => {
    const fromParquet = await cli(["--data", parquet, "--judge", "demo-judge", "--no-store", "--no-cache", "--bootstrap", "200", "--out", path.join(dir, "p.json")]);
    expect(fromParquet.code).toBe(0);
    const fromJsonl = JSON.parse(readFileSync(path.join(dir, "results.json"), "utf8")).evaluation.overall;
    expect(JSON.parse(readFileSync(path.join(dir, "p.json"), "utf8")).evaluation.overall).toEqual(fromJsonl);

    const publicFile = path.join(dir, "sciarena_eval_public.json");
    writeFileSync(
      publicFile,
      `[{"id": 1, "question": "Q?", "responseA": "Rich [1][2][3].", "responseB": "Thin [1].", "modelA": "o3", "modelB": "x",
         "vote": "a", "citation_a": [{"title": "T", "authors": ["A B"], "year": NaN}], "citation_b": NaN, "question type": "Paper Finding", "subject": "Healthcare"},
        {"id": 2, "question": "Q2?", "responseA": "Thin [1].", "responseB": "Rich [1][2].", "vote": "B", "question type": "Paper Finding", "subject": "Healthcare"},
        {"id": 3, "question": "Q3?", "responseA": "x", "responseB": "y", "vote": "Tie"},
        {"id": 4, "question": "Q4?", "vote": "A"}]`,
    );
    const quirky = await cli(["--data", publicFile, "--judge", "demo-judge", "--no-store", "--limit", "5", "--out", path.join(dir, "q.json")]);
    expect(quirky.code).toBe(0);
    expect(quirky.stderr).toContain("4 records read, 2 to judge, 1 tie or both-bad skipped, 1 unreadable skipped");
    const result = JSON.parse(readFileSync(path.join(dir, "q.json"), "utf8")).evaluation;
    expect(result.overall.accuracy.value).toBe(1);
    expect(result.byQuestionType[0]).toMatchObject({ group: "Paper Finding", records: 2 });
  });

  it("refuses an unknown judge, a missing file and bad options with exit code 2", async () => {
    const unknown = await cli(["--data", jsonl, "--judge", "no-such-model", "--no-store"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown judge "no-such-model"');
    expect(unknown.stderr).toContain("demo-careful");
    const missing = await cli(["--data", path.join(dir, "nope.jsonl"), "--judge", "demo-judge"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such file");
    const bad = await cli(["--data", jsonl, "--judge", "demo-judge", "--concurrency", "0"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--concurrency");
  });
});

describe("judges by model slug", () => {
  it("resolves configured models through the registry, and the built-in demo judge without a database", async () => {
    const careful = await resolveJudge("demo-careful", async () => getDb());
    expect(careful).toMatchObject({ slug: "demo-careful", provider: "offline-demo", providerModel: "careful" });
    expect(careful.model.modelId).toBe("careful");
    const demo = await resolveJudge("demo-judge", () => Promise.reject(new Error("no database needed")));
    expect(demo.model.provider).toBe("offline-demo");
  });
});

describe("a judge behind an OpenAI-compatible HTTP endpoint", () => {
  let server: http.Server;
  let baseURL: string;
  const received: { prompt: string; model: string }[] = [];
  let requests = 0;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        requests++;
        const parsed = JSON.parse(body) as { model: string; messages: { role: string; content: string }[] };
        const prompt = parsed.messages.map((message) => message.content).join("\n");
        // The first request is rate limited; a prompt mentioning "refuse" is a client error.
        if (requests === 1) {
          response.writeHead(429, { "content-type": "application/json", "retry-after": "0" });
          response.end(JSON.stringify({ error: { message: "slow down", type: "rate_limit" } }));
          return;
        }
        if (prompt.includes("refuse")) {
          response.writeHead(400, { "content-type": "application/json" });
          response.end(JSON.stringify({ error: { message: "bad request", type: "invalid_request_error" } }));
          return;
        }
        received.push({ prompt, model: parsed.model });
        const first = prompt.split("Response A:\n")[1] ?? "";
        const verdict = first.startsWith("Rich") ? "A" : "B";
        response.writeHead(200, { "content-type": "application/json" });
        response.end(
          JSON.stringify({
            id: `cmpl-${requests}`,
            object: "chat.completion",
            created: 0,
            model: parsed.model,
            choices: [{ index: 0, message: { role: "assistant", content: `Having compared both, the answer is [[${verdict}]]` }, finish_reason: "stop" }],
            usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("judges over HTTP in both orders, retrying a 429 and not retrying a 400", async () => {
    const model = createOpenAICompatible({ name: "mock", baseURL, apiKey: "test-key" }).chatModel("mock-judge-1");
    const judged: JudgeRecord[] = [
      { id: "x1", question: "Q1?", responseA: "Rich [1][2]", responseB: "Thin [1]", vote: "A", subject: null, question_type: null },
      { id: "x2", question: "Please refuse", responseA: "Rich", responseB: "Thin", vote: "B", subject: null, question_type: null },
    ];
    const result = await runJudgements({ model, judge: "mock", records: judged, concurrency: 1, backoffMs: 1 });
    expect(result.outputs.get("x1")).toEqual({ original: "Having compared both, the answer is [[A]]", swapped: "Having compared both, the answer is [[B]]" });
    expect(result.progress.retries).toBe(1);
    expect(result.failures.map((failure) => [failure.id, failure.order])).toEqual([
      ["x2", "original"],
      ["x2", "swapped"],
    ]);
    expect(result.failures[0].error).toContain("400");
    expect(received[0].model).toBe("mock-judge-1");
    expect(received[0].prompt).toContain("Question:\nQ1?");
    expect(received[0].prompt).toContain('Answer with a single letter: "A" or "B".');
  });
});
