// Platform overhead from submitting a question to the first streamed answer token, run by hand (never in
// CI). A local mock provider (tests/mocks/llm-server.ts, real HTTP + SSE in OpenAI's format) answers with a
// fixed time to first token; retrieval is the local corpus. Overhead = time to the first SSE `delta` event
// seen by the client − the provider's own time to first token. Prints p50/p95 (and min–max); asserts nothing.
//
//   npx tsx bench/providers/first-token.ts                 in process: createBattle + the SSE stream reader
//   npx next build && npx tsx bench/providers/first-token.ts --http
//                                                          HTTP: POST /api/battles + GET …/stream against the
//                                                          production server, started here on its own data dir
//
// Options: --battles 100 --warmup 5 --ttft 300 --seed 1 --corpus <jsonl> --port 3302 --db-port 55602
//          --pg postgresql://postgres@127.0.0.1:5432/postgres   use a PostgreSQL server (a scratch database
//                                                               created and dropped here) instead of PGlite
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { seededRandom } from "@/lib/ai/seeded-random";
import { devSignIn } from "../lib/dev-sign-in";
import { requireSharedDataDir } from "@/lib/corpus/shared-data";
import { startMockLlmServer, type MockLlmServer } from "@/tests/mocks/llm-server";

const root = path.resolve(import.meta.dirname, "..", "..");
const options = z
  .object({
    battles: z.coerce.number().int().min(1).default(100),
    warmup: z.coerce.number().int().min(0).default(5),
    ttft: z.coerce.number().int().min(0).default(300),
    seed: z.coerce.number().int().default(1),
    corpus: z.string().default(path.join(requireSharedDataDir(), "corpus", "papers", "pubmedqa_pqal_papers.jsonl")),
    http: z.boolean().default(false),
    port: z.coerce.number().int().default(3302),
    "db-port": z.coerce.number().int().default(55602),
    pg: z.string().url().optional(),
  })
  .parse(
    parseArgs({
      options: {
        battles: { type: "string" },
        warmup: { type: "string" },
        ttft: { type: "string" },
        seed: { type: "string" },
        corpus: { type: "string" },
        http: { type: "boolean" },
        port: { type: "string" },
        "db-port": { type: "string" },
        pg: { type: "string" },
      },
    }).values,
  );

// The mock answers with whole words from its first chunk on (a provider whose first chunk is a partial
// word waits one more chunk for the word to complete: the stream releases whole words only).
const ANSWER = ["Vaccines stored ", "outside the ", "recommended range ", "lose potency [1]. ", "Freezing is ", "especially harmful [2]."];

interface Sample {
  /** Submit → first SSE delta at the client. */
  firstDelta: number;
  /** Submit → battle created (POST answered / createBattle returned). */
  created: number;
  /** Submit → the provider received its request. */
  providerRequest: number;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function questions(count: number, corpusFile: string): string[] {
  // Questions from paper titles (seeded), so that retrieval always finds something to rank.
  const lines = readFileSync(corpusFile, "utf8").split("\n").filter(Boolean);
  const titles = lines.map((l) => (JSON.parse(l) as { title: string }).title).filter((t) => t.length >= 20 && t.length < 200);
  const random = seededRandom(options.seed);
  return Array.from({ length: count }, () => titles[Math.floor(random() * titles.length)]);
}

function modelsFile(mock: MockLlmServer): string {
  const dir = path.join(root, "bench", "out", "providers");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "models.bench.json");
  const model = (slug: string) => ({
    slug,
    displayName: slug,
    organization: "Bench",
    license: "open",
    provider: "openai",
    providerModel: slug,
    baseURL: mock.openaiBaseURL,
    options: { maxConcurrency: 64 },
  });
  writeFileSync(file, JSON.stringify({ models: [model("bench-a"), model("bench-b")] }, null, 2));
  return file;
}

/** Reads an SSE body until the first `delta` event; returns the time it arrived. */
async function firstDelta(body: ReadableStream<Uint8Array>, cancel: () => void): Promise<number> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`stream ended without a delta: ${text.slice(-300)}`);
    text += decoder.decode(value, { stream: true });
    if (/(^|\n)event: delta\n/.test(text)) {
      const at = performance.now();
      cancel();
      await reader.cancel().catch(() => {});
      return at;
    }
    if (/(^|\n)event: failed\n/.test(text)) throw new Error(`battle failed: ${text.slice(-300)}`);
  }
}

/** A fresh database: in-memory PGlite served on a free port, or a scratch database on --pg's server. */
async function scratchDatabase(): Promise<{ url: string; stop(): Promise<void> }> {
  const { migrate } = await import("@/lib/db/migrate");
  if (!options.pg) {
    const { startEmbeddedDb } = await import("@/lib/db/embedded");
    const embedded = await startEmbeddedDb({ dataDir: "memory://", port: 0 });
    await migrate(embedded.url);
    return { url: embedded.url, stop: () => embedded.stop() };
  }
  const pg = (await import("pg")).default;
  const name = `arena_bench_${Date.now()}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: options.pg });
    await client.connect();
    await client.query(sql);
    await client.end();
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(options.pg!);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return { url: url.toString(), stop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

async function runInProcess(mock: MockLlmServer, qs: string[]): Promise<Sample[]> {
  const database = await scratchDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.MODELS_FILE = modelsFile(mock);
  const { resetEnvCache } = await import("@/lib/env");
  resetEnvCache();
  const { connectDb, disconnectDb, getDb, getPool } = await import("@/lib/db");
  connectDb(database.url);
  const { ingestFiles } = await import("@/lib/corpus/ingest-files");
  const { syncCatalog } = await import("@/lib/models/sync-catalog");
  const { createBattle } = await import("@/lib/battles/create-battle");
  const { createBattleStream } = await import("@/lib/battles/battle-stream");
  const { waitForBattle } = await import("@/lib/battles/run-battle");
  await ingestFiles(getPool(), [options.corpus]);
  await syncCatalog();
  const user = await getDb().user.create({ data: { email: "bench@example.org", name: "bench" } });
  const samples: Sample[] = [];
  try {
    for (const [i, question] of qs.entries()) {
      const before = mock.requests.length;
      const t0 = performance.now();
      const wall0 = Date.now();
      const created = await createBattle(user.id, { question, discipline: null });
      const t1 = performance.now();
      const battle = await getDb().battle.findUniqueOrThrow({ where: { id: created.battleId }, select: { retrievalRunId: true } });
      const abort = new AbortController();
      const stream = createBattleStream({ battleId: created.battleId, retrievalRunId: battle.retrievalRunId, signal: abort.signal });
      const t2 = await firstDelta(stream, () => abort.abort());
      await waitForBattle(created.battleId);
      const firstRequest = Math.min(...mock.requests.slice(before).map((r) => r.at));
      if (i >= options.warmup) samples.push({ firstDelta: t2 - t0, created: t1 - t0, providerRequest: firstRequest - wall0 });
    }
  } finally {
    await disconnectDb();
    await database.stop();
  }
  return samples;
}

async function waitForHealth(base: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health?ready=1`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the server did not become ready in 180 s");
}

async function runHttp(mock: MockLlmServer, qs: string[]): Promise<Sample[]> {
  const base = `http://127.0.0.1:${options.port}`;
  const database = options.pg ? await scratchDatabase() : null;
  const dataDir = path.join(".data", "bench-providers");
  rmSync(path.join(root, dataDir), { recursive: true, force: true });
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/launch.ts", "start"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: database?.url ?? "",
      DATA_DIR: dataDir,
      PORT: String(options.port),
      EMBEDDED_DB_PORT: String(options["db-port"]),
      AUTH_DEV_LOGIN: "true",
      AUTH_SECRET: "bench-only-secret-not-for-production",
      SEED_CORPUS: options.corpus,
      MODELS_FILE: modelsFile(mock),
      OPENAI_API_KEY: "sk-bench",
      RATE_LIMIT_BATTLES_PER_HOUR: "1000000",
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  try {
    await waitForHealth(base, child);
    const jar = await devSignIn(base, { name: "bench", email: "bench@example.org" });

    const samples: Sample[] = [];
    for (const [i, question] of qs.entries()) {
      const before = mock.requests.length;
      const t0 = performance.now();
      const wall0 = Date.now();
      const created = await fetch(`${base}/api/battles`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Cookie: jar.header() },
        body: JSON.stringify({ question }),
      });
      const t1 = performance.now();
      if (created.status !== 201) throw new Error(`POST /api/battles: ${created.status} ${await created.text()}`);
      const { battleId } = (await created.json()) as { battleId: string };
      const abort = new AbortController();
      const stream = await fetch(`${base}/api/battles/${battleId}/stream`, { headers: { Cookie: jar.header() }, signal: abort.signal });
      const t2 = await firstDelta(stream.body!, () => abort.abort());
      const firstRequest = Math.min(...mock.requests.slice(before).map((r) => r.at));
      if (i >= options.warmup) samples.push({ firstDelta: t2 - t0, created: t1 - t0, providerRequest: firstRequest - wall0 });
      // Let the answers finish so that battles do not overlap.
      await new Promise((r) => setTimeout(r, 60));
    }
    return samples;
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await database?.stop();
  }
}

async function main() {
  process.env.LOG_LEVEL ??= "warn";
  process.env.OPENAI_API_KEY = "sk-bench";
  process.env.RATE_LIMIT_BATTLES_PER_HOUR = "1000000";
  const mock = await startMockLlmServer();
  mock.scenario("bench-a", { chunks: ANSWER, ttftMs: options.ttft, chunkDelayMs: 5 });
  mock.scenario("bench-b", { chunks: ANSWER, ttftMs: options.ttft, chunkDelayMs: 5 });
  const qs = questions(options.battles + options.warmup, options.corpus);
  try {
    const samples = options.http ? await runHttp(mock, qs) : await runInProcess(mock, qs);
    const rows: [string, number[]][] = [
      ["submit → first SSE token", samples.map((s) => s.firstDelta)],
      ["  minus provider TTFT = platform overhead", samples.map((s) => s.firstDelta - options.ttft)],
      ["submit → battle created (reply)", samples.map((s) => s.created)],
      ["submit → provider receives the request", samples.map((s) => s.providerRequest)],
      ["provider's first chunk → client sees it", samples.map((s) => s.firstDelta - s.providerRequest - options.ttft)],
    ];
    const fmt = (n: number) => n.toFixed(1).padStart(8);
    const db = options.pg ? "PostgreSQL server" : "embedded PGlite";
    console.log(`\nFirst-token benchmark (${options.http ? "HTTP against the production server" : "in process: createBattle + SSE reader"}, ${db})`);
    console.log(
      `${samples.length} battles after ${options.warmup} warm-up, provider TTFT ${options.ttft} ms, ${os.cpus().length} CPUs, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}\n`,
    );
    console.log(`${"measure (ms)".padEnd(44)}${"p50".padStart(8)}${"p95".padStart(8)}${"min".padStart(8)}${"max".padStart(8)}`);
    for (const [label, values] of rows) {
      console.log(`${label.padEnd(44)}${fmt(quantile(values, 0.5))}${fmt(quantile(values, 0.95))}${fmt(Math.min(...values))}${fmt(Math.max(...values))}`);
    }
    const p95 = quantile(samples.map((s) => s.firstDelta - options.ttft), 0.95);
    console.log(`\nTarget: p95 overhead <= 100 ms — measured ${p95.toFixed(1)} ms.`);
    console.log(`Command: npx tsx bench/providers/first-token.ts ${process.argv.slice(2).join(" ")}`.trimEnd());
  } finally {
    await mock.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
