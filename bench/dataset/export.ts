// Dataset-export benchmark, run by hand (never in CI):
//   npx tsx bench/dataset/export.ts [--votes 1000000] [--runs 1] [--seed 1] [--threads N (default: cores − 1, 1 to 4)] [--server postgresql://postgres@127.0.0.1:5432/postgres]
//                                   [--unit-cache [--clear-cache] [--append N]]
// --unit-cache: the runs share a unit cache (a folder per database under the system's temporary folder,
// kept between invocations), as `npm run export` does: the first run on an empty cache encodes every unit,
// later runs reuse what did not change; --clear-cache empties it first. --append N: before the runs, N new votes are added after the
// others (as votes arriving between two exports); they are removed again afterwards.
// Generates `votes` counted votes by seed in a PostgreSQL database of its own (created on the server, kept
// and reused by later runs with the same size and seed; --fresh rebuilds it), then times the export
// (`exportDataset`, what `npm run export` runs) in a child process per run, with the heap cap of `npm run export`,
// so its peak memory (maxRSS: every thread of the process) is the export's alone. Prints a table (median of runs, min-max) and the command line; asserts nothing.
// Vote ids grow with time, as Prisma's cuid() ids do, so id order follows insertion order (and the
// physical order of battles and responses) the way it does in a real database.
// Records are small-to-medium (question, two ~400-character answers, 5 references of ~200 characters); a
// production record with 30 longer references is several times larger, and throughput scales with bytes.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync, readdirSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { z } from "zod";
import { exportDataset, type ExportPhase } from "@/lib/dataset-export/export-dataset";
import type { UnitCacheStats } from "@/lib/dataset-export/unit-cache";
import { DEFAULT_EXPORT_THREADS } from "@/lib/dataset-export/unit-runners";
import { migrate } from "@/lib/db/migrate";
import { sampleProcessCpu } from "../lib/group-cpu";

const options = z
  .object({
    votes: z.coerce.number().int().min(100).default(1_000_000),
    runs: z.coerce.number().int().min(1).default(1),
    seed: z.coerce.number().int().min(0).default(1),
    server: z.string().default("postgresql://postgres@127.0.0.1:5432/postgres"),
    "per-side": z.coerce.number().int().min(0).default(250),
    "batch-size": z.coerce.number().int().min(1).default(500),
    threads: z.coerce.number().int().min(1).default(DEFAULT_EXPORT_THREADS),
    fresh: z.boolean().default(false),
    "unit-cache": z.boolean().default(false),
    "clear-cache": z.boolean().default(false),
    append: z.coerce.number().int().min(0).default(0),
    measure: z.string().optional(),
    out: z.string().optional(),
  })
  .parse(
    parseArgs({
      options: {
        votes: { type: "string" },
        runs: { type: "string" },
        seed: { type: "string" },
        server: { type: "string" },
        "per-side": { type: "string" },
        "batch-size": { type: "string" },
        threads: { type: "string" },
        fresh: { type: "boolean" },
        "unit-cache": { type: "boolean" },
        "clear-cache": { type: "boolean" },
        append: { type: "string" },
        measure: { type: "string" },
        out: { type: "string" },
      },
    }).values,
  );

const DISCIPLINES = ["Engineering", "Natural Science", "Healthcare", "Humanities & Social Sciences"];
const CATEGORIES = ["Conceptual Explanation", "State-of-the-Art Assessment", "Challenges & Limitations", "Methodology Inquiry", "Paper Finding", "Others"];
const sqlArray = (values: string[]) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(",")}]`;

/** The bench's own Vote id for row g: ids grow with g, as cuids grow with time. */
const voteIdSql = (g: string) => `'c' || lpad(to_hex(${g}), 8, '0') || substr(md5('${options.seed}:' || ${g}), 1, 12)`;

/**
 * Generates the votes `from`..`to` (battles, answers, votes); with from = 1 also the annotators, models,
 * papers, questions and retrieval runs, sized for `votes` votes.
 */
async function generate(url: string, votes: number, seed: number, range: { from: number; to: number } = { from: 1, to: votes }): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const annotators = Math.max(10, Math.round(votes / 500));
  const questions = Math.max(10, Math.round(votes / 50));
  const papers = 5000;
  const step = async (label: string, sql: string) => {
    const started = Date.now();
    await client.query(sql);
    console.error(`  ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  // A seeded pseudo-random integer per row, without a client-side generator: hash of (seed, row, salt).
  const rand = (row: string, salt: string, modulo: number) => `(('x' || substr(md5('${seed}:' || ${row} || ':${salt}'), 1, 8))::bit(32)::bigint % ${modulo})`;
  const rows = `generate_series(${range.from}, ${range.to}) g`;
  try {
    if (range.from === 1) await generateShared();
    await generateVotes();
  } finally {
    await client.end();
  }

  async function generateShared() {
    await step(
      "annotators",
      `INSERT INTO "User" (id, name, email, "updatedAt") SELECT 'u' || g, 'Bench Annotator ' || g, 'bench' || g || '@example.org', now() FROM generate_series(1, ${annotators}) g;
       INSERT INTO "ResearcherProfile" ("userId", "datasetConsentAt", "updatedAt") SELECT 'u' || g, now(), now() FROM generate_series(1, ${annotators}) g;`,
    );
    await step(
      "models and papers",
      `INSERT INTO "Model" (id, slug, "displayName", organization, license, provider, "providerModel", "updatedAt") VALUES
         ('m1', 'demo-careful', 'Demo Careful', 'bench', 'OPEN', 'offline-demo', 'careful', now()),
         ('m2', 'demo-terse', 'Demo Terse', 'bench', 'OPEN', 'offline-demo', 'terse', now()),
         ('m3', 'demo-loose', 'Demo Loose', 'bench', 'OPEN', 'offline-demo', 'loose', now());
       INSERT INTO "Paper" (id, "externalId", source, title, authors, year, abstract, "fieldsOfStudy", categories, "updatedAt")
       SELECT g, 'bench:' || g, 'bench', 'A study of topic ' || g || ' in the scientific literature',
              ARRAY['Author ' || g || ' One', 'Author Two', 'Author Three'], 1990 + g % 35, 'Abstract ' || g, '{}', '{}', now()
       FROM generate_series(1, ${papers}) g;`,
    );
    await step(
      "questions, retrieval runs, references",
      `INSERT INTO "Question" (id, "userId", text, discipline, category)
       SELECT 'q' || g, 'u' || (1 + g % ${annotators}), 'Question ' || g || ': what does the literature say about topic ' || g || ' and its limitations?',
              (${sqlArray(DISCIPLINES)})[1 + ${rand("g", "d", DISCIPLINES.length)}], (${sqlArray(CATEGORIES)})[1 + ${rand("g", "c", CATEGORIES.length)}]
       FROM generate_series(1, ${questions}) g;
       INSERT INTO "RetrievalRun" (id, "questionId", backend, query) SELECT 'r' || g, 'q' || g, 'local', 'topic ' || g FROM generate_series(1, ${questions}) g;
       INSERT INTO "RetrievedItem" (id, "runId", rank, "refNumber", "paperId", score, text)
       SELECT 'i' || g || '_' || k, 'r' || g, k, k, 1 + (g * 7 + k) % ${papers}, 1.0 / k,
              'Passage ' || k || ' of run ' || g || ': ' || repeat('the measured effect was consistent across cohorts; ', 4)
       FROM generate_series(1, ${questions}) g, generate_series(1, 5) k;`,
    );
  }

  async function generateVotes() {
    const paperOf = (ref: number) => `1 + ((1 + g % ${questions}) * 7 + ${ref}) % ${papers}`;
    const citation = (ref: number) => `jsonb_build_object('n', ${ref}, 'paperId', ${paperOf(ref)}, 'externalId', 'bench:' || (${paperOf(ref)}), 'title', 'A study of topic ' || (${paperOf(ref)}) || ' in the scientific literature')`;
    await step(
      "battles",
      `INSERT INTO "Battle" (id, "questionId", "retrievalRunId", "modelAId", "modelBId", status, "createdById", "updatedAt")
       SELECT 'b' || g, 'q' || (1 + g % ${questions}), 'r' || (1 + g % ${questions}), 'm' || (1 + g % 3), 'm' || (1 + (g + 1) % 3), 'VOTED', 'u' || (1 + g % ${annotators}), now()
       FROM ${rows};`,
    );
    // The answer-facts trigger would update a battle per answer (2M updates, and a sequential scan each
    // before the new rows are analyzed); the export reads no facts, so it is off while answers are loaded.
    await step(
      "responses",
      `ANALYZE "Battle";
       ALTER TABLE "Response" DISABLE TRIGGER "Response_answer_facts";
       INSERT INTO "Response" (id, "battleId", side, "modelId", status, "rawText", text, citations, "updatedAt")
       SELECT 'ra' || g, 'b' || g, 'A', 'm' || (1 + g % 3), 'DONE', '', 'Answer A ' || g || ': ' || repeat('studies agree on the main effect [1] and its size [2]. ', 7), jsonb_build_array(${citation(1)}, ${citation(2)}), now()
       FROM ${rows};
       INSERT INTO "Response" (id, "battleId", side, "modelId", status, "rawText", text, citations, "updatedAt")
       SELECT 'rb' || g, 'b' || g, 'B', 'm' || (1 + (g + 1) % 3), 'DONE', '', 'Answer B ' || g || ': ' || repeat('a review covers it [3]. ', 15), jsonb_build_array(${citation(3)}), now()
       FROM ${rows};
       ALTER TABLE "Response" ENABLE TRIGGER "Response_answer_facts";`,
    );
    await step(
      "votes",
      `INSERT INTO "Vote" (id, "battleId", "userId", choice, reason, "createdAt")
       SELECT ${voteIdSql("g")}, 'b' || g, 'u' || (1 + g % ${annotators}),
              (ARRAY['A','B','A','B','TIE','BOTH_BAD'])[1 + ${rand("g", "v", 6)}]::"VoteChoice",
              CASE WHEN g % 5 = 0 THEN 'clearer and better cited' END, timestamp '2025-01-01' + g * interval '1 second'
       FROM ${rows};
       ANALYZE;`,
    );
  }
}

/**
 * Removes the votes after the first `votes` (and their battles and answers). Triggers are off: the rows
 * are the benchmark's own, and their removal must not count as an edit of published content (which would
 * make the next run encode every unit again).
 */
async function removeAppended(url: string, votes: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET session_replication_role = replica`);
    await client.query(`DELETE FROM "Vote" WHERE id > ${voteIdSql(String(votes))}`);
    await client.query(`DELETE FROM "Response" WHERE "battleId" IN (SELECT 'b' || g FROM generate_series(${votes + 1}, ${votes + options.append}) g)`);
    await client.query(`DELETE FROM "Battle" WHERE id IN (SELECT 'b' || g FROM generate_series(${votes + 1}, ${votes + options.append}) g)`);
  } finally {
    await client.end();
  }
}

async function ensureDatabase(): Promise<string> {
  const name = `bench_dataset_${options.votes}_s${options.seed}_v2`;
  const admin = new pg.Client({ connectionString: options.server });
  await admin.connect();
  const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount === 1;
  const url = new URL(options.server);
  url.pathname = `/${name}`;
  let ready = exists && !options.fresh;
  if (ready) {
    const probe = new pg.Client({ connectionString: url.toString() });
    await probe.connect();
    ready = (await probe.query(`SELECT count(*)::int AS n FROM "Vote"`).catch(() => ({ rows: [{ n: -1 }] }))).rows[0].n === options.votes;
    await probe.end();
  }
  if (!ready) {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    await migrate(url.toString());
    console.error(`generating ${options.votes.toLocaleString("en-US")} votes (seed ${options.seed}) in ${name}…`);
    const started = Date.now();
    await generate(url.toString(), options.votes, options.seed);
    console.error(`generated in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } else {
    await admin.end();
    await migrate(url.toString());
    console.error(`reusing ${name} (${options.votes.toLocaleString("en-US")} votes)`);
  }
  return url.toString();
}

/** The unit cache of a benchmark database (see --unit-cache). */
const unitCacheDirOf = (url: string) => path.join(tmpdir(), `bench-dataset-units-${new URL(url).pathname.slice(1)}`);

interface Measurement {
  ms: number;
  trainRecords: number;
  evalRecords: number;
  phasesMs: Record<ExportPhase, number>;
  maxRssMb: number;
  /** User + system CPU time of the export process (the machine may be shared: wall time alone misleads). */
  cpuSeconds?: number;
  /** CPU time of the PostgreSQL backends serving the export (sampled from /proc; Linux only). */
  postgresCpuSeconds?: number;
  bytes: number;
  unitCache: UnitCacheStats | null;
}

/** Child mode: one export, then a JSON line on stdout. */
async function measure(url: string): Promise<void> {
  const out = options.out ?? mkdtempSync(path.join(tmpdir(), "bench-dataset-"));
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const phaseStart: Partial<Record<ExportPhase, number>> = {};
  const phasesMs: Record<ExportPhase, number> = { train: 0, eval: 0 };
  const current: { phase: ExportPhase | null } = { phase: null };
  const started = Date.now();
  const summary = await exportDataset(pool, out, {
    settings: { salt: "benchmark-salt-0123456789abcdef", seed: options.seed, votesPerSide: options["per-side"], requireConsent: true },
    batchSize: options["batch-size"],
    threads: options.threads,
    unitCacheDir: options["unit-cache"] ? unitCacheDirOf(url) : undefined,
    onProgress: ({ phase }) => {
      if (phase !== current.phase) {
        const now = Date.now();
        if (current.phase) phasesMs[current.phase] = now - phaseStart[current.phase]!;
        phaseStart[phase] = now;
        current.phase = phase;
      }
    },
  });
  const ms = Date.now() - started;
  if (current.phase) phasesMs[current.phase] = Date.now() - phaseStart[current.phase]!;
  await pool.end();
  const bytes = readdirSync(out).reduce((total, name) => total + statSync(path.join(out, name)).size, 0);
  rmSync(out, { recursive: true, force: true });
  const result: Measurement = {
    ms,
    trainRecords: summary.manifest.splits.train.stats.total,
    evalRecords: summary.manifest.splits.eval.stats.total,
    phasesMs,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    bytes,
    unitCache: summary.unitCache,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runChild(url: string): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--max-old-space-size=256", "--import", "tsx", path.join(import.meta.dirname, "export.ts"), "--measure", url, ...process.argv.slice(2)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(stdout.trim().split("\n").at(-1)!)) : reject(new Error(`export child exited with ${code}`))));
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};

async function main() {
  if (options.measure) return measure(options.measure);
  const url = await ensureDatabase();
  if (options["clear-cache"]) rmSync(unitCacheDirOf(url), { recursive: true, force: true });
  if (options.append > 0) {
    console.error(`appending ${options.append.toLocaleString("en-US")} votes…`);
    await generate(url, options.votes, options.seed, { from: options.votes + 1, to: options.votes + options.append });
  }
  const results: Measurement[] = [];
  try {
    for (let run = 1; run <= options.runs; run++) {
      // PostgreSQL names the database in each backend's title.
      const database = sampleProcessCpu(` ${new URL(url).pathname.slice(1)} `);
      const result = { ...(await runChild(url)), postgresCpuSeconds: database.stop() };
      const cache = result.unitCache
        ? `, units reused ${result.unitCache.hits} (${result.unitCache.hitRecords.toLocaleString("en-US")} records), encoded ${result.unitCache.misses} (${result.unitCache.missRecords.toLocaleString("en-US")} records)`
        : "";
      console.error(
        `run ${run}: ${(result.ms / 1000).toFixed(1)} s, ${Math.round(result.trainRecords / (result.ms / 1000)).toLocaleString("en-US")} records/s, max RSS ${result.maxRssMb.toFixed(0)} MB${cache}`,
      );
      results.push(result);
    }
  } finally {
    if (options.append > 0) await removeAppended(url, options.votes);
  }
  const cell = (values: number[], format: (v: number) => string) =>
    values.length > 1 ? `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})` : format(values[0]);
  const first = results[0];
  const rows: [string, string][] = [
    ["votes (train records)", first.trainRecords.toLocaleString("en-US")],
    ["Eval records", first.evalRecords.toLocaleString("en-US")],
    ["output (all files)", `${(first.bytes / 1e9).toFixed(2)} GB`],
    ["total time", cell(results.map((r) => r.ms / 1000), (v) => `${v.toFixed(1)} s`)],
    ["  train pass (DB or unit cache → train.jsonl + .parquet)", cell(results.map((r) => r.phasesMs.train / 1000), (v) => `${v.toFixed(1)} s`)],
    ["  eval pass (train.jsonl → sciarena-eval.jsonl + .parquet)", cell(results.map((r) => r.phasesMs.eval / 1000), (v) => `${v.toFixed(1)} s`)],
    ["records/s (train votes / total time)", cell(results.map((r) => r.trainRecords / (r.ms / 1000)), (v) => Math.round(v).toLocaleString("en-US"))],
    ["records/s, train pass only", cell(results.map((r) => r.trainRecords / (r.phasesMs.train / 1000)), (v) => Math.round(v).toLocaleString("en-US"))],
    ...(first.cpuSeconds !== undefined
      ? ([
          ["CPU time of the export process", cell(results.map((r) => r.cpuSeconds!), (v) => `${v.toFixed(1)} s`)],
          ["records per CPU-second", cell(results.map((r) => r.trainRecords / r.cpuSeconds!), (v) => Math.round(v).toLocaleString("en-US"))],
          ["CPU time of PostgreSQL for the export", cell(results.map((r) => r.postgresCpuSeconds ?? 0), (v) => `${v.toFixed(1)} s`)],
        ] as [string, string][])
      : []),
    ...(first.unitCache
      ? ([["units reused / encoded (run 1)", `${first.unitCache.hits} / ${first.unitCache.misses}`]] as [string, string][])
      : []),
    ["load average (1 min) at the end", os.loadavg()[0].toFixed(1)],
    ["peak memory (maxRSS)", cell(results.map((r) => r.maxRssMb), (v) => `${v.toFixed(0)} MB`)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\ndataset export benchmark — ${results.length} run(s), median (min–max)`);
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
  console.log(`\ncommand: npx tsx bench/dataset/export.ts ${process.argv.slice(2).join(" ")}`.trimEnd());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
