// Leaderboard benchmark, run by hand (never in CI), against the production build (`npx next build` first):
//   npx tsx bench/leaderboard/run.ts [--server postgresql://postgres@127.0.0.1:5432/postgres] [--database leaderboard_bench]
//     [--models 50] [--votes 60000] [--port 3303] [--connections 50] [--duration 20] [--reseed]
// Loads a PostgreSQL database with synthetic votes among `models` models over every discipline and category,
// stores two rating runs with the real job (so the history chart has two points), starts the app as `npm start`
// does, then measures time to first byte (first render and cached) and latency under `connections` concurrent
// clients (autocannon) for the page and the API. Prints a table; asserts nothing.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import http from "node:http";
import os from "node:os";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { z } from "zod";
import { PrismaPg } from "@prisma/adapter-pg";
import { migrate } from "@/lib/db/migrate";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { DEFAULT_SETTINGS } from "@/lib/rating-job/compute";
import { runRatingJob } from "@/lib/rating-job/run-job";
import { seedSyntheticArena } from "@/scripts/lib/seed-votes";
import { groupCpuSeconds } from "../lib/group-cpu";

const options = z
  .object({
    server: z.string().default("postgresql://postgres@127.0.0.1:5432/postgres"),
    database: z.string().regex(/^[a-z_][a-z0-9_]*$/).default("leaderboard_bench"),
    models: z.coerce.number().int().min(2).default(50),
    votes: z.coerce.number().int().min(1000).default(60_000),
    port: z.coerce.number().int().default(3303),
    connections: z.coerce.number().int().min(1).default(50),
    duration: z.coerce.number().int().min(1).default(20),
    reseed: z.boolean().default(false),
  })
  .parse(
    parseArgs({
      options: {
        ...Object.fromEntries(["server", "database", "models", "votes", "port", "connections", "duration"].map((n) => [n, { type: "string" as const }])),
        reseed: { type: "boolean" as const },
      },
    }).values,
  );

const say = (line: string) => process.stderr.write(`${line}\n`);
const PREFIX = "lbbench";

async function prepareDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: options.server });
  await admin.connect();
  const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [options.database]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${options.database}"`);
  await admin.end();
  const url = new URL(options.server);
  url.pathname = `/${options.database}`;
  await migrate(url.toString());
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  try {
    const runs = Number((await pool.query(`SELECT count(*) FROM "RatingRun" WHERE "finishedAt" IS NOT NULL`)).rows[0].count);
    if (options.reseed || runs < 2) {
      await pool.query(`TRUNCATE "Vote", "Response", "Battle", "RetrievalRun", "Question", "RatingRun", "RatingRow", "StyleCoefficient", "RatingScope" CASCADE`);
      const first = Math.round(options.votes * 0.75);
      const settings = { ...DEFAULT_SETTINGS, styleRounds: 50 };
      say(`loading ${first} votes among ${options.models} models…`);
      await seedSyntheticArena(pool, { prefix: PREFIX, models: options.models, votes: first, seed: 1, voters: 200, skipForeignKeyChecks: true });
      say("rating run 1…");
      await runRatingJob(pool, prisma, { settings, counted: { requireConsent: true }, codeVersion: "bench" });
      say(`loading ${options.votes - first} more votes…`);
      await seedSyntheticArena(pool, { prefix: PREFIX, models: options.models, votes: options.votes - first, seed: 2, voters: 200, offset: first, skipForeignKeyChecks: true });
      say("rating run 2…");
      await runRatingJob(pool, prisma, { settings, counted: { requireConsent: true }, codeVersion: "bench" });
    }
    const summary = await pool.query(
      `SELECT count(DISTINCT scope)::int AS scopes, count(DISTINCT "modelId")::int AS models, count(*)::int AS rows FROM "RatingRow"
       WHERE "runId" = (SELECT id FROM "RatingRun" WHERE "finishedAt" IS NOT NULL ORDER BY "finishedAt" DESC LIMIT 1)`,
    );
    say(`newest run: ${JSON.stringify(summary.rows[0])}`);
  } finally {
    await prisma.$disconnect();
    await pool.end();
  }
  return url.toString();
}

/** Forgets the leaderboard pages Next has cached (.next/server/route-cache), so the first request renders. */
function clearPageCache(): void {
  const root = path.join(".next", "server", "route-cache", "APP_PAGE");
  if (!existsSync(root)) return;
  for (const build of readdirSync(root)) {
    const pages = path.join(root, build, "$");
    if (!existsSync(pages)) continue;
    for (const entry of readdirSync(pages)) if (entry.startsWith("leaderboard")) rmSync(path.join(pages, entry), { recursive: true, force: true });
  }
}

function startApp(databaseUrl: string): ChildProcess {
  clearPageCache();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/launch.ts", "start"], {
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: databaseUrl, PORT: String(options.port), LOG_LEVEL: "warn", SEED_CORPUS: "none", AUTH_SECRET: "bench-only-secret-not-for-production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  return child;
}

async function waitForHealth(): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${options.port}/api/health?ready=1`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the app did not start");
}

/** Milliseconds to the first byte of the body, and the status. */
function ttfb(path: string, headers: Record<string, string> = {}): Promise<{ ms: number; status: number; bytes: number; cache: string }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = http.get({ host: "127.0.0.1", port: options.port, path, headers }, (res) => {
      let first = 0;
      let bytes = 0;
      res.on("data", (chunk: Buffer) => {
        if (first === 0) first = performance.now() - start;
        bytes += chunk.length;
      });
      res.on("end", () => resolve({ ms: first || performance.now() - start, status: res.statusCode ?? 0, bytes, cache: String(res.headers["x-nextjs-cache"] ?? "") }));
    });
    req.on("error", reject);
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function main() {
  const databaseUrl = await prepareDatabase();
  const app = startApp(databaseUrl);
  const stop = () => {
    try {
      process.kill(-app.pid!, "SIGTERM");
    } catch {
      // already gone
    }
  };
  process.on("exit", stop);
  try {
    await waitForHealth();
    const targets: { name: string; path: string; headers?: Record<string, string> }[] = [
      { name: "page /leaderboard", path: "/leaderboard" },
      { name: "page /leaderboard, gzip (as browsers ask)", path: "/leaderboard", headers: { "Accept-Encoding": "gzip" } },
      { name: "page /leaderboard/discipline/healthcare/style-control", path: "/leaderboard/discipline/healthcare/style-control" },
      { name: "API JSON overall", path: "/api/leaderboard?scope=overall&style=false" },
      { name: "API CSV category, style", path: "/api/leaderboard?scope=category:Methodology%20Inquiry&style=true&format=csv" },
      { name: "baseline: GET /api/health (no work)", path: "/api/health" },
    ];
    const lines: string[] = [];
    const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");
    lines.push(`# leaderboard — ${options.models} models, ${options.votes} votes, every scope; ${os.cpus().length} × ${os.cpus()[0]?.model}; Node ${process.version}`);
    lines.push(`# command: npx tsx bench/leaderboard/run.ts ${process.argv.slice(2).join(" ")}`.trimEnd());
    lines.push(
      "| target | bytes | first request TTFB ms (cache) | cached TTFB ms (median of 20) | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | app CPU ms / request | load avg before |",
    );
    lines.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for (const target of targets) {
      const first = await ttfb(target.path, target.headers);
      const warm: number[] = [];
      let bytes = first.bytes;
      for (let i = 0; i < 20; i++) {
        const r = await ttfb(target.path, target.headers);
        warm.push(r.ms);
        bytes = r.bytes;
      }
      const load = loadavg();
      say(`${target.name}: first ${first.ms.toFixed(1)} ms (${first.status}, ${first.cache || "-"}), cached ${median(warm).toFixed(1)} ms; autocannon…`);
      const cpuBefore = groupCpuSeconds(app.pid!);
      const result = await autocannon({ url: `http://127.0.0.1:${options.port}${target.path}`, connections: options.connections, duration: options.duration, headers: target.headers });
      // CPU time per request does not depend on what else runs on the machine: 1000 / it is about the
      // requests per second one Node process can serve on an otherwise idle core.
      const cpuPerRequest = (1000 * (groupCpuSeconds(app.pid!) - cpuBefore)) / Math.max(1, result.requests.total);
      lines.push(
        `| ${target.name} | ${bytes} | ${first.ms.toFixed(1)} (${first.cache || "-"}) | ${median(warm).toFixed(1)} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} | ${result.latency.p90} | ${result.latency.p99} | ${result.latency.max} | ${result.non2xx + result.errors} | ${cpuPerRequest.toFixed(2)} | ${load} |`,
      );
    }
    process.stdout.write(lines.join("\n") + "\n");
  } finally {
    stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
