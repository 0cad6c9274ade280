// Load and database-fault suite (issue 9): RESEARCHERS concurrent researchers voting for DURATION seconds
// against the production app on a real PostgreSQL server. Afterwards every acknowledged vote (HTTP 201)
// must be in the database. With --restart-db, PostgreSQL is restarted in the middle of the load and the
// time until votes are acknowledged again is reported. Run by hand (needs `npm run build` first):
//   npm run suite:load                     # 100 researchers, 60 s, each voting again as soon as answered
//   npm run suite:load -- --rate 500       # the same researchers offering 500 votes/s in all (open loop)
//   npm run suite:db-fault                 # the same, restarting PostgreSQL after 20 s
// Options: --researchers N --duration S --rate VOTES_PER_S --workers N (WEB_CONCURRENCY of the app; default:
//          the number of cores) --warmup S (votes before the measured window, default 5) --pg postgresql://… --port P --restart-at S --restart-cmd "…"
// Closed loop (default) measures the most votes/s the app takes; its latency is mostly queueing (100 requests
// always in flight). With --rate each researcher votes on a fixed schedule (rate/researchers per second, at most
// one request in flight) and latency counts from the scheduled moment, so a slow answer also delays the votes
// queued behind it (no coordinated omission).
// It creates and drops a database of its own on that server; the app's log is kept in .data/load/app.log. Nothing is asserted as a timing; the exit
// code is 1 only when an acknowledged vote is missing or a request answered 5xx outside the outage.
import { exec, spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readdirSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { devSignIn } from "../lib/dev-sign-in";
import { groupCpuSeconds } from "../lib/group-cpu";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const RESEARCHERS = Number(option("--researchers", "100"));
const DURATION_S = Number(option("--duration", "60"));
const SERVER_URL = option("--pg", "postgresql://postgres@127.0.0.1:5432/postgres");
const PORT = Number(option("--port", "3170"));
const RESTART = args.includes("--restart-db");
const RESTART_AT_S = Number(option("--restart-at", "20"));
const RESTART_CMD = option("--restart-cmd", defaultRestartCommand());
const WARMUP_S = Number(option("--warmup", "5"));
const BATTLES_PER_RESEARCHER = Number(option("--battles", String(Math.max(50, Math.ceil(((DURATION_S + WARMUP_S) * 1200) / RESEARCHERS)))));
const RATE = args.includes("--rate") ? Number(option("--rate", "0")) : null;
const WORKERS = Number(option("--workers", process.env.WEB_CONCURRENCY ?? String(os.availableParallelism())));
const BASE = `http://127.0.0.1:${PORT}`;

function defaultRestartCommand(): string {
  const clusters = existsSync("/etc/postgresql") ? readdirSync("/etc/postgresql").sort((a, b) => Number(a) - Number(b)) : [];
  return `pg_ctlcluster --skip-systemctl-redirect ${clusters.at(-1) ?? "15"} main restart`;
}

const log = (line: string) => process.stderr.write(`[load] ${line}\n`);

function databaseUrl(name: string) {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function waitFor(url: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not become ready in ${timeoutMs / 1000} s`);
}

function startApp(url: string): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/launch.ts", "start"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: url,
      PORT: String(PORT),
      DATA_DIR: ".data/load",
      DB_POOL_SIZE: process.env.DB_POOL_SIZE ?? "20",
      WEB_CONCURRENCY: String(WORKERS),
      AUTH_DEV_LOGIN: "true",
      AUTH_SECRET: "load-suite-secret-not-for-production",
      SEED_CORPUS: "none",
      RATE_LIMIT_VOTES_PER_MINUTE: "1000000",
      RATE_LIMIT_VOTES_PER_MINUTE_PER_IP: "10000000",
      DAILY_VOTE_CAP: "1000000",
      REANNOTATION_RATE: "0",
      DATASET_AUTO_REFRESH: "false",
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  // The app's own log (JSON lines), kept for reading after a run.
  mkdirSync(".data/load", { recursive: true });
  const appLog = createWriteStream(".data/load/app.log");
  child.stdout?.pipe(appLog);
  child.stderr?.pipe(appLog);
  return child;
}

/** Finished, unvoted battles for every researcher, written straight into the database. */
async function seedBattles(url: string, emails: string[]) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const models = (await client.query<{ id: string }>(`SELECT id FROM "Model" WHERE active ORDER BY slug`)).rows.map((r) => r.id);
    if (models.length < 2) throw new Error("the models catalog has fewer than two active models");
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO "ResearcherProfile" ("userId", discipline, "termsConsentAt", "datasetConsentAt", "updatedAt")
       SELECT id, 'Natural Science', now(), now(), now() FROM "User" WHERE email = ANY($1)
       ON CONFLICT ("userId") DO UPDATE SET "termsConsentAt" = now(), "datasetConsentAt" = now()`,
      [emails],
    );
    await client.query(
      `INSERT INTO "Question" (id, "userId", text, discipline, category)
       SELECT 'lq' || md5(u.id), u.id, 'How does load affect a voting service?', 'Natural Science', 'Conceptual Explanation'
       FROM "User" u WHERE u.email = ANY($1)`,
      [emails],
    );
    await client.query(
      `INSERT INTO "RetrievalRun" (id, "questionId", backend, query) SELECT 'lr' || md5(u.id), 'lq' || md5(u.id), 'local', 'load'
       FROM "User" u WHERE u.email = ANY($1)`,
      [emails],
    );
    await client.query(
      `INSERT INTO "Battle" (id, "questionId", "retrievalRunId", "modelAId", "modelBId", status, "createdById", "updatedAt", "readyAt")
       SELECT 'lb' || md5(u.id || ':' || g), 'lq' || md5(u.id), 'lr' || md5(u.id),
              ($2::text[])[1 + g % array_length($2::text[], 1)], ($2::text[])[1 + (g + 1) % array_length($2::text[], 1)],
              'READY', u.id, now(), now()
       FROM "User" u, generate_series(1, $3::int) g WHERE u.email = ANY($1)`,
      [emails, models, BATTLES_PER_RESEARCHER],
    );
    await client.query("COMMIT");
    const { rows } = await client.query<{ id: string; email: string }>(
      `SELECT b.id, u.email FROM "Battle" b JOIN "User" u ON u.id = b."createdById" WHERE u.email = ANY($1) ORDER BY b.id`,
      [emails],
    );
    const byEmail = new Map<string, string[]>();
    for (const row of rows) byEmail.set(row.email, [...(byEmail.get(row.email) ?? []), row.id]);
    return byEmail;
  } finally {
    await client.end();
  }
}

// Plain keep-alive HTTP (not fetch): the load generator shares this 2-core machine with the app and PostgreSQL,
// and should spend as little of it as possible.
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

/** The HTTP status of one vote, or "network" when the request could not be made. */
function postVote(battleId: string, cookie: string, choice: string): Promise<string> {
  const body = JSON.stringify({ choice });
  return new Promise((resolve) => {
    const request = http.request(
      `${BASE}/api/battles/${battleId}/vote`,
      {
        method: "POST",
        agent,
        headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), Cookie: cookie, Origin: BASE },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(String(response.statusCode)));
        response.on("error", () => resolve("network"));
      },
    );
    request.on("error", () => resolve("network"));
    request.end(body);
  });
}

function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  if (!existsSync(path.join(".next", "BUILD_ID"))) {
    console.error("No production build. Run `npm run build` first.");
    process.exit(2);
  }
  const name = `arena_load_${Date.now()}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = databaseUrl(name);
  log(`database ${name} on ${new URL(SERVER_URL).host}; starting the app on port ${PORT}`);
  const app = startApp(url);
  let exitCode = 0;
  try {
    await waitFor(`${BASE}/api/health?ready=1`, 180_000);
    const emails = Array.from({ length: RESEARCHERS }, (_, i) => `load-${i}-${Date.now()}@example.org`);
    const cookies: string[] = [];
    for (const email of emails) cookies.push((await devSignIn(BASE, { name: email.split("@")[0], email })).header());
    const battles = await seedBattles(url, emails);
    log(`${RESEARCHERS} researchers signed in, ${RESEARCHERS * BATTLES_PER_RESEARCHER} finished battles ready to vote on`);

    const acknowledged: string[] = [];
    const latencies: number[] = [];
    const statuses = new Map<string, number>();
    let serverErrorsOutsideOutage = 0;
    let restartStarted: number | null = null;
    let restartDone: number | null = null;
    let firstFailure: number | null = null;
    // When the last failed request was answered, and the acknowledged votes after the first failure (sent, answered):
    // the app has recovered at the first vote acknowledged that was sent after the last failure. (Votes whose
    // queries finished just before PostgreSQL stopped can be answered after the first failure.)
    let lastFailure: number | null = null;
    const ackedAfterFailure: [number, number][] = [];
    const cpuBefore = groupCpuSeconds(app.pid!);
    const started = performance.now();
    // The first WARMUP_S seconds warm the app's processes up (code loading, JIT, pool connections, prepared
    // statements); their votes are checked like all others but not counted in the rate and latency figures.
    const measureFrom = started + WARMUP_S * 1000;
    const deadline = measureFrom + DURATION_S * 1000;
    let measured = 0;

    const restartTimer = RESTART
      ? setTimeout(() => {
          restartStarted = performance.now();
          log(`restarting PostgreSQL: ${RESTART_CMD}`);
          // Not execSync: the researchers must keep voting while PostgreSQL is down, or the outage is never seen.
          exec(RESTART_CMD, (error) => {
            if (error) log(`restart command failed: ${error.message}`);
            restartDone = performance.now();
            log(`PostgreSQL back after ${((restartDone - restartStarted!) / 1000).toFixed(1)} s`);
          });
        }, RESTART_AT_S * 1000)
      : null;

    const progress = setInterval(() => {
      const elapsed = (performance.now() - started) / 1000;
      log(`${elapsed.toFixed(0)} s: ${acknowledged.length} votes acknowledged (${(acknowledged.length / elapsed).toFixed(0)}/s)`);
    }, 5000);

    await Promise.all(
      emails.map(async (email, i) => {
        const queue = battles.get(email) ?? [];
        const interval = RATE ? (1000 * RESEARCHERS) / RATE : 0;
        // Researchers start spread over one interval, not all at once.
        let due = started + (interval * i) / RESEARCHERS;
        while (performance.now() < deadline && queue.length) {
          const battleId = queue[queue.length - 1];
          if (RATE !== null) {
            // Open loop: this researcher's next vote is due at a fixed interval after the previous one was due.
            const wait = due - performance.now();
            if (wait > 0) await new Promise((r) => setTimeout(r, wait));
            if (performance.now() >= deadline) break;
          }
          const t0 = RATE !== null ? due : performance.now();
          if (RATE !== null) due += interval;
          const status = await postVote(battleId, cookies[i], ["A", "B", "TIE", "BOTH_BAD"][queue.length % 4]);
          const t1 = performance.now();
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status === "201" || status === "200") {
            // 200 is a replay of a vote recorded before, e.g. when the first answer was lost in the outage.
            acknowledged.push(battleId);
            if (t0 >= measureFrom) {
              measured++;
              latencies.push(t1 - t0);
            }
            queue.pop();
            if (firstFailure !== null) ackedAfterFailure.push([t0, t1]);
          } else {
            firstFailure ??= t0;
            lastFailure = t1;
            const inOutage = restartStarted !== null && (restartDone === null || t0 < restartDone + 30_000);
            if ((status.startsWith("5") || status === "network") && !inOutage) serverErrorsOutsideOutage++;
            if (status === "429" || status.startsWith("5") || status === "network") await new Promise((r) => setTimeout(r, 100));
            else queue.pop(); // a 4xx other than 429 is a refusal of this battle; move on
          }
        }
      }),
    );
    clearInterval(progress);
    if (restartTimer) clearTimeout(restartTimer);
    const elapsed = (performance.now() - measureFrom) / 1000;
    const recovered = lastFailure === null ? null : ackedAfterFailure.filter(([t0]) => t0 >= lastFailure!).reduce<number | null>((first, [, t1]) => (first === null || t1 < first ? t1 : first), null);
    const appCpuSeconds = groupCpuSeconds(app.pid!) - cpuBefore;

    // Every acknowledged vote must be stored.
    const stored = await admin(async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ id: string }>(`SELECT "battleId" AS id FROM "Vote" WHERE "battleId" = ANY($1)`, [acknowledged]);
        return new Set(rows.map((r) => r.id));
      } finally {
        await client.end();
      }
    });
    const lost = acknowledged.filter((id) => !stored.has(id));
    const sorted = [...latencies].sort((a, b) => a - b);
    const report = {
      researchers: RESEARCHERS,
      mode: RATE !== null ? `open loop, ${RATE} votes/s offered` : "closed loop (vote again when answered)",
      appProcesses: WORKERS,
      durationS: Number(elapsed.toFixed(1)),
      acknowledgedVotes: acknowledged.length,
      measuredVotes: measured,
      votesPerSecond: Number((measured / elapsed).toFixed(1)),
      latencyMs: {
        p50: Number(percentile(sorted, 50).toFixed(1)),
        p90: Number(percentile(sorted, 90).toFixed(1)),
        p99: Number(percentile(sorted, 99).toFixed(1)),
        max: Number((sorted.at(-1) ?? NaN).toFixed(1)),
      },
      // CPU the app's processes spent per acknowledged vote: what the machine's cores must supply per vote.
      appCpuMsPerVote: acknowledged.length ? Number(((appCpuSeconds * 1000) / acknowledged.length).toFixed(2)) : null,
      loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
      statuses: Object.fromEntries(statuses),
      acknowledgedButMissing: lost.length,
      serverErrorsOutsideOutage,
      ...(RESTART
        ? {
            restart: {
              command: RESTART_CMD,
              postgresDownS: restartStarted !== null && restartDone !== null ? Number(((restartDone - restartStarted) / 1000).toFixed(1)) : null,
              // From the first failed request to the first acknowledged vote sent after the last failed one.
              timeToRecoverS: firstFailure !== null && recovered !== null ? Number(((recovered - firstFailure) / 1000).toFixed(1)) : null,
              // From the restart command's end (PostgreSQL accepting connections) to that vote; negative when the app
              // answered again before the command returned.
              recoveredAfterPostgresS:
                restartDone !== null && recovered !== null ? Number(((recovered - restartDone) / 1000).toFixed(1)) : null,
            },
          }
        : {}),
    };
    console.log(JSON.stringify(report, null, 2));
    if (lost.length > 0 || serverErrorsOutsideOutage > 0) exitCode = 1;
  } finally {
    try {
      process.kill(-app.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    await new Promise((r) => setTimeout(r, 1500));
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).catch((e) => log(`could not drop ${name}: ${e.message}`));
  }
  process.exit(exitCode);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
