// Starts the app on its embedded defaults: with no DATABASE_URL, an embedded PostgreSQL (PGlite)
// served on EMBEDDED_DB_PORT with data under DATA_DIR; migrations, demo models and (on first start)
// the corpus; then Next.js (`next dev`, or in production scripts/server.mjs). Usage: tsx scripts/launch.ts dev|start|db
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { connectDb, disconnectDb } from "@/lib/db";
import { resolveDatabase } from "@/lib/db/resolve";
import { getEnv } from "@/lib/env";
import { ModelsFileError } from "@/lib/models/models-file";
import { readCatalog } from "@/lib/models/sync-catalog";
import { ensureAuthSecret } from "./lib/auth-secret";
import { buildFastVote } from "./lib/build-fast-vote";
import { seed } from "./lib/seed";

const mode = process.argv[2];
if (!["dev", "start", "db"].includes(mode)) {
  console.error("usage: tsx scripts/launch.ts dev|start|db");
  process.exit(2);
}

const say = (line: string) => console.log(`[arena] ${line}`);

async function main() {
  const env = getEnv();
  if (mode === "start" && !existsSync(path.join(".next", "BUILD_ID"))) {
    console.error("[arena] No production build found. Run `npm run build` first (or use `npm run dev`).");
    process.exit(1);
  }
  readCatalog(); // a broken models file stops the start here, before anything else happens
  const database = await resolveDatabase({ log: say });
  connectDb(database.url);
  await seed(say);
  await disconnectDb();

  let shuttingDown = false;
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    if (database.embedded) {
      say("stopping the embedded database…");
      await database.embedded.stop();
    }
    process.exit(code);
  };

  if (mode === "db") {
    if (!database.embedded) {
      say(database.kind === "server" ? "DATABASE_URL is set; nothing to serve." : "the embedded database is already served by another process.");
      return;
    }
    say(`serving ${database.url} — Ctrl+C to stop`);
    process.on("SIGINT", () => void shutdown(0));
    process.on("SIGTERM", () => void shutdown(0));
    return;
  }

  const authSecret = env.AUTH_SECRET ?? ensureAuthSecret(env.DATA_DIR);
  // Production runs our own server (Next's handler behind the response cache, docs/decisions/062); it gets
  // its settings as arguments since it cannot read lib/env.ts.
  const serverArgs =
    mode === "dev"
      ? [path.join("node_modules", "next", "dist", "bin", "next"), "dev", "--port", String(env.PORT)]
      : [
          path.join("scripts", "server.mjs"),
          "--port", String(env.PORT),
          "--cache-mb", String(env.RESPONSE_CACHE_MB),
          "--cache-max-age", String(env.RESPONSE_CACHE_MAX_AGE_SECONDS),
          // Votes answered without Next's router (docs/decisions/063); built here, once, for all web processes.
          ...(env.FAST_VOTE_PATH ? ["--fast-vote", await buildFastVote()] : []),
        ];
  const workers = mode === "start" && database.kind === "server" ? env.WEB_CONCURRENCY : 1;
  if (env.WEB_CONCURRENCY > 1 && workers === 1) say(`WEB_CONCURRENCY=${env.WEB_CONCURRENCY} ignored: ${mode === "dev" ? "the development server is one process" : "the embedded database serves one process"}`);
  const args = workers > 1 ? [path.join("scripts", "web-workers.mjs"), String(workers), ...serverArgs] : serverArgs;
  const child = spawn(process.execPath, args, {
    stdio: "inherit",
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      // Only one app process can serve the embedded database.
      ...(database.kind === "server" ? {} : { SINGLE_INSTANCE: "true" }),
      ...process.env,
      DATABASE_URL: database.url,
      AUTH_SECRET: authSecret,
    },
  });
  const cache = mode === "start" ? (env.RESPONSE_CACHE_MB > 0 && env.RESPONSE_CACHE_MAX_AGE_SECONDS > 0 ? `, response cache ${env.RESPONSE_CACHE_MB} MB${workers > 1 ? " per process" : ""}, ≤ ${env.RESPONSE_CACHE_MAX_AGE_SECONDS} s` : ", response cache off") : "";
  const fastVote = mode === "start" ? `, fast vote path ${env.FAST_VOTE_PATH ? "on" : "off"}` : "";
  say(`${mode === "dev" ? "development" : "production"} server on http://localhost:${env.PORT}${workers > 1 ? ` (${workers} processes)` : ""}${cache}${fastVote}`);
  const forward = (signal: NodeJS.Signals) => {
    if (!child.killed) child.kill(signal);
  };
  process.on("SIGINT", () => forward("SIGINT"));
  process.on("SIGTERM", () => forward("SIGTERM"));
  child.on("exit", (code, signal) => void shutdown(code ?? (signal ? 0 : 1)));
}

main().catch((error) => {
  if (error instanceof ModelsFileError) console.error(`[arena] Invalid models file — ${error.message}`);
  else console.error(`[arena] ${(error as Error).message}`);
  process.exit(1);
});
