// Rating job against PostgreSQL, run by hand (never in CI):
//   npx tsx bench/ratings/db.ts [--server postgresql://postgres@127.0.0.1:5432] [--database ratings_bench]
//     [--votes 1000000] [--models 30] [--seed 1] [--runs 3] [--rounds 1000] [--style-rounds 100] [--reseed]
// Creates the database (once), loads `votes` synthetic votes drawn like gen_battles.py --seed 1 (complete
// battles: question, retrieval run, battle, two responses with text and citations, vote), then times the
// job's parts: the GROUP BY load, plain Bradley-Terry + bootstrap, the one-pass vote read for style control
// (binary COPY; --cursor also times the cursor, --old-stream the former reader of the answers), style control +
// bootstrap (on the rating CLI's default threads), and the whole job over every scope (dry run).
// Prints medians (min–max) and peak memory; asserts nothing.
import { parseArgs } from "node:util";
import os from "node:os";
import pg from "pg";
import { z } from "zod";
import { migrate } from "@/lib/db/migrate";
import { DEFAULT_SETTINGS, type JobSettings } from "@/lib/rating-job/compute";
import { readGroupedCounts, readModels, readVotes, streamVotes } from "@/lib/rating-job/load";
import { runRatingJob } from "@/lib/rating-job/run-job";
import { computeLeaderboard, computeStyleLeaderboard } from "@/lib/ratings";
import { seedSyntheticArena } from "@/scripts/lib/seed-votes";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

const options = z
  .object({
    server: z.string().default("postgresql://postgres@127.0.0.1:5432/postgres"),
    database: z.string().regex(/^[a-z_][a-z0-9_]*$/).default("ratings_bench"),
    votes: z.coerce.number().int().min(1000).default(1_000_000),
    models: z.coerce.number().int().min(2).default(30),
    seed: z.coerce.number().int().min(0).default(1),
    runs: z.coerce.number().int().min(1).default(3),
    rounds: z.coerce.number().int().min(2).default(1000),
    "style-rounds": z.coerce.number().int().min(2).default(100),
    reseed: z.boolean().default(false),
    cursor: z.boolean().default(false),
    "old-stream": z.boolean().default(false),
  })
  .parse(
    parseArgs({
      options: {
        ...Object.fromEntries(["server", "database", "votes", "models", "seed", "runs", "rounds", "style-rounds"].map((n) => [n, { type: "string" as const }])),
        reseed: { type: "boolean" as const },
        cursor: { type: "boolean" as const },
        "old-stream": { type: "boolean" as const },
      },
    }).values,
  );

const PREFIX = "bench";
const say = (line: string) => process.stderr.write(`${line}\n`);

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);
sampler.unref();

interface Row {
  step: string;
  seconds: number[];
  note?: string;
}
const table: Row[] = [];

async function time<T>(step: string, runs: number, work: () => Promise<T> | T, note?: (last: T) => string): Promise<T> {
  const seconds: number[] = [];
  let last: T | undefined;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    last = await work();
    seconds.push((performance.now() - start) / 1000);
  }
  table.push({ step, seconds, note: note?.(last as T) });
  say(`  ${step}: ${seconds.map((s) => s.toFixed(3)).join(", ")} s`);
  return last as T;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function ensureDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: options.server });
  await admin.connect();
  const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [options.database]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${options.database}"`);
  const version = (await admin.query(`SHOW server_version`)).rows[0].server_version as string;
  await admin.end();
  const url = new URL(options.server);
  url.pathname = `/${options.database}`;
  say(`PostgreSQL ${version}, database ${options.database}`);
  return url.toString();
}

async function main() {
  const url = await ensureDatabase();
  await migrate(url);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const have = Number((await pool.query(`SELECT count(*) FROM "Vote" WHERE id LIKE 'v_${PREFIX}\\_%'`)).rows[0].count);
  if (options.reseed || have !== options.votes) {
    say(`loading ${options.votes} votes (have ${have})…`);
    await pool.query(`TRUNCATE "Vote", "Response", "Battle", "RetrievalRun", "Question", "RatingRun", "RatingRow", "StyleCoefficient", "RatingScope" CASCADE`);
    const start = performance.now();
    await seedSyntheticArena(pool, {
      prefix: PREFIX,
      models: options.models,
      votes: options.votes,
      seed: options.seed,
      voters: 500,
      batchSize: 10_000,
      skipForeignKeyChecks: true,
      onProgress: (done, total) => {
        if (done % 100_000 === 0 || done === total) say(`  ${done} / ${total} (${((performance.now() - start) / 1000).toFixed(0)} s)`);
      },
    });
    const seconds = (performance.now() - start) / 1000;
    say(`loaded in ${seconds.toFixed(1)} s (${Math.round(options.votes / seconds)} votes/s); VACUUM ANALYZE…`);
    await pool.query(`VACUUM ANALYZE`);
  }
  const size = (await pool.query(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`)).rows[0].size;
  say(`database size ${size}`);

  const counted = { requireConsent: true };
  const client = await pool.connect();
  const models = await readModels(client);
  const modelIndex = new Map(models.map((m, i) => [m.id, i]));
  const names = models.map((m) => m.id);

  await client.query(`SET work_mem = '256MB'`); // as the job does
  const grouped = await time("GROUP BY load (all scopes' pair counts + exclusion report)", options.runs, () => readGroupedCounts(client, counted, modelIndex), (g) => `${g.votes} votes, ${g.scopes.length} scopes`);
  const overall = grouped.scopes.find((s) => s.scope.kind === "overall")!.counts;
  await time(`plain BT fit + ${options.rounds} bootstrap rounds (overall, ${options.models} models)`, options.runs, () =>
    computeLeaderboard(names, overall, { rounds: options.rounds, seed: 1 }),
  );
  const rssBefore = process.memoryUsage().rss;
  peakRss = rssBefore;
  const inTransaction = async <T>(work: () => Promise<T>): Promise<T> => {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    try {
      await client.query(`SET LOCAL work_mem = '256MB'`);
      return await work();
    } finally {
      await client.query("COMMIT");
    }
  };
  const loaded = await time(
    "load 1 pass (binary COPY): vote columns + all scopes' pair counts + exclusions + costs",
    options.runs,
    () => inTransaction(() => readVotes(client, counted, models, { fetchSize: 20_000, transport: "copy" })),
    (l) => {
      const votes = l.streamed;
      const bytes = [votes.columns.modelA, votes.columns.modelB, votes.columns.outcome, votes.discipline, votes.category, votes.labels, ...votes.features.map((f) => f.difference)].reduce((s, a) => s + a.byteLength, 0);
      return `${votes.columns.modelA.length} votes, ${l.grouped.scopes.length} scopes, columns ${(bytes / 1e6).toFixed(0)} MB; peak RSS so far ${(peakRss / 1e6).toFixed(0)} MB`;
    },
  );
  if (options["old-stream"]) {
    await time("old: stream votes through the cursor (20k rows per FETCH), before the one-pass load", 1, () =>
      inTransaction(() => streamVotes(client, counted, modelIndex, { fetchSize: 20_000 })),
    );
  }
  if (options.cursor) {
    await time("load 1 pass through a cursor (the PGlite path), 20k rows per FETCH", 1, () =>
      inTransaction(() => readVotes(client, counted, models, { fetchSize: 20_000, transport: "cursor" })),
    );
  }
  const streamed = loaded.streamed;
  client.release();
  const features = streamed.features.slice(0, 2);
  await time(`style control (length + citations) fit + ${options["style-rounds"]} bootstrap rounds (overall)`, Math.min(options.runs, 3), () =>
    computeStyleLeaderboard(names, streamed.columns, features, { rounds: options["style-rounds"], seed: 1, threads: DEFAULT_SETTINGS.threads }),
  );
  await time(`style control (length + citations), sandwich intervals (overall)`, options.runs, () =>
    computeStyleLeaderboard(names, streamed.columns, features, { intervals: "sandwich" }),
  );

  const settings: JobSettings = { ...DEFAULT_SETTINGS, bootstrapRounds: options.rounds, styleRounds: options["style-rounds"] };
  const job = await time(
    "whole job, every scope (dry run): plain + style bootstrap + Elo",
    1,
    () => runRatingJob(pool, prisma, { settings, counted, codeVersion: "bench", dryRun: true }),
    (outcome) => {
      const overallScope = outcome.results.find((r) => r.scope.kind === "overall")!;
      const s = (ms: number) => (ms / 1000).toFixed(2);
      return (
        `${outcome.results.length} scopes; load ${s(outcome.timings.groupByMs + outcome.timings.streamMs + outcome.timings.costsMs)} s, fits ${s(outcome.timings.computeMs)} s; ` +
        `overall scope: plain ${s(overallScope.timingsMs.plain)} s, style ${s(overallScope.timingsMs.style)} s, Elo ${s(overallScope.timingsMs.elo)} s; ` +
        `style in all scopes ${s(outcome.results.reduce((sum, r) => sum + r.timingsMs.style, 0))} s over ${outcome.results.reduce((sum, r) => sum + (r.style?.votes ?? 0), 0)} votes`
      );
    },
  );
  void job;
  const sandwichJob = await time(
    "whole job, every scope, sandwich style intervals, stored",
    1,
    () => runRatingJob(pool, prisma, { settings: { ...settings, styleIntervals: "sandwich" }, counted, codeVersion: "bench" }),
    (outcome) => `store ${(outcome.timings.storeMs / 1000).toFixed(2)} s`,
  );
  void sandwichJob;

  await prisma.$disconnect();
  await pool.end();
  clearInterval(sampler);

  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const lines = [
    `# rating job on PostgreSQL — ${options.votes} votes, ${options.models} models, seed ${options.seed}; ${os.cpus().length} × ${cpu}; Node ${process.version}`,
    `# command: npx tsx bench/ratings/db.ts ${process.argv.slice(2).join(" ")}`.trimEnd(),
    "| step | median s | min–max s | runs | note |",
    "|---|---:|---:|---:|---|",
    ...table.map((r) => `| ${r.step} | ${median(r.seconds).toFixed(3)} | ${Math.min(...r.seconds).toFixed(3)}–${Math.max(...r.seconds).toFixed(3)} | ${r.seconds.length} | ${r.note ?? ""} |`),
    `peak RSS ${(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 1e6).toFixed(0)} MB (process max RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB)`,
  ];
  process.stdout.write(lines.join("\n") + "\n");
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
