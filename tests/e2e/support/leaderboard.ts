import { spawn } from "node:child_process";
import pg from "pg";
import { seedSyntheticArena } from "@/scripts/lib/seed-votes";
import { DATABASE_URL, sql } from "./arena";

// Rating runs for the leaderboard specs: synthetic votes in the app's own database, rated by the real CLI.

export const PREFIX = "sample";
export const MODELS = 10;
const FIRST_BATCH = 1600;
const SECOND_BATCH = 800;

/** Runs `npx tsx scripts/ratings.ts` against the app's database. */
export function runRatingsCli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "scripts/ratings.ts", ...args], {
      env: { ...process.env, DATABASE_URL, NODE_ENV: "production", LOG_LEVEL: "silent" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

const JOB_ARGS = ["--bootstrap", "200", "--style-rounds", "20", "--min-votes", "20", "--min-votes-discipline", "20", "--min-votes-category", "20", "--quiet"];

async function rate(): Promise<string> {
  const result = await runRatingsCli(JOB_ARGS);
  if (result.status !== 0) throw new Error(`ratings CLI exited ${result.status}: ${result.stderr}`);
  return result.stdout.trim();
}

async function seed(votes: number, offset: number, seedValue: number) {
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  try {
    await seedSyntheticArena(pool, { prefix: PREFIX, models: MODELS, votes, seed: seedValue, voters: 20, offset, batchSize: 400 });
  } finally {
    await pool.end();
  }
}

/** At least two finished rating runs over the synthetic votes (seeded once per server). */
export async function ensureRatingRuns(): Promise<void> {
  const [{ votes }] = await sql<{ votes: number }>(`SELECT count(*)::int AS votes FROM "Vote" WHERE id LIKE 'v_${PREFIX}\\_%'`);
  const [{ runs }] = await sql<{ runs: number }>(`SELECT count(*)::int AS runs FROM "RatingRun" WHERE "finishedAt" IS NOT NULL`);
  if (runs >= 2 && votes >= FIRST_BATCH + SECOND_BATCH) return;
  if (votes < FIRST_BATCH) await seed(FIRST_BATCH, 0, 11);
  await rate();
  if (votes < FIRST_BATCH + SECOND_BATCH) await seed(SECOND_BATCH, FIRST_BATCH, 12);
  await rate();
}

/** Removes every rating run, as before the first one. */
export async function deleteRatingRuns(): Promise<void> {
  await sql(`DELETE FROM "RatingRun"`);
}
