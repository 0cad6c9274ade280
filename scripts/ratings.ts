// The rating job (npm run ratings): counted votes from PostgreSQL → a stored RatingRun with every scope,
// with and without style control, plus online Elo. File mode (no database) with --input/--output.
//   npx tsx scripts/ratings.ts [--bootstrap 1000] [--min-votes 20] [--no-style] [--dry-run] ...
//   npx tsx scripts/ratings.ts --input battles.jsonl --output ratings.json [file-mode options]
// Exit codes: 0 stored (or computed with --dry-run), 1 unexpected failure, 2 invalid arguments,
// 3 not enough counted votes to rate two models (nothing stored), 4 database unavailable.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { z } from "zod";
import { connectDb, disconnectDb, getDb, getPool } from "@/lib/db";
import { resolveDatabase, type ResolvedDatabase } from "@/lib/db/resolve";
import { getEnv } from "@/lib/env";
import { DEFAULT_SETTINGS, type JobSettings, type ScopeResult } from "@/lib/rating-job/compute";
import { NotEnoughVotesError, runRatingJob, type RatingJobOutcome } from "@/lib/rating-job/run-job";
import { STYLE_FEATURES, type StyleFeature } from "@/lib/rating-job/streamed-votes";
import type { LeaderboardRow } from "@/lib/ratings";
import { main as fileMain } from "./ratings-file";

export const EXIT = { ok: 0, failure: 1, invalidArguments: 2, notEnoughVotes: 3, databaseUnavailable: 4 } as const;

export const USAGE = `usage: npm run ratings -- [options]            (reads counted votes from the database)
       npm run ratings -- --input battles.jsonl --output ratings.json [...]   (file mode, see scripts/ratings-file.ts)
  --bootstrap N             bootstrap rounds of the plain ratings (default 1000)
  --seed N                  seed of every bootstrap (default 1)
  --min-votes N             votes a model needs overall (default RATINGS_MIN_VOTES, 20)
  --min-votes-discipline N  ... in a discipline scope (default RATINGS_MIN_VOTES_DISCIPLINE, 20)
  --min-votes-category N    ... in a question-category scope (default RATINGS_MIN_VOTES_CATEGORY, 20)
  --no-style                skip style control
  --style-features F        auto (default: length,citations + supporting,irrelevant where labelled) or a list
  --style-rounds N          style-control bootstrap rounds (default 100)
  --style-intervals M       bootstrap | sandwich (default bootstrap)
  --style-resampling M      multinomial | poisson (default multinomial)
  --l2 C                    style-control penalty (default 0.25)
  --no-elo                  skip online Elo
  --elo-k K                 online Elo step (default 4)
  --threads N               threads for the style-control bootstrap (default: the cores, at most 4; same result)
  --consent M               required | ignored (default from RATINGS_REQUIRE_CONSENT: required)
  --fetch-size N            votes per cursor FETCH (default 20000)
  --work-mem SIZE           PostgreSQL work_mem of the job's read transaction (default 256MB)
  --dry-run                 compute and print, store nothing
  --quiet                   no progress bars or table
exit codes: 0 done, 1 failure, 2 invalid arguments, 3 not enough counted votes (nothing stored), 4 database unavailable`;

export class InvalidArgumentsError extends Error {}

const integer = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);

const featureList = z.union([
  z.literal("auto"),
  z
    .string()
    .transform((text) => text.split(",").map((name) => name.trim()).filter(Boolean))
    .pipe(z.array(z.enum(STYLE_FEATURES)).min(1, "name at least one feature"))
    .refine((names) => new Set(names).size === names.length, "a feature is listed twice"),
]);

function argumentsSchema() {
  const env = getEnv();
  return z.object({
    bootstrap: integer(2, 100_000).default(DEFAULT_SETTINGS.bootstrapRounds),
    seed: integer(0).default(DEFAULT_SETTINGS.seed),
    "min-votes": integer(1).default(env.RATINGS_MIN_VOTES),
    "min-votes-discipline": integer(1).default(env.RATINGS_MIN_VOTES_DISCIPLINE),
    "min-votes-category": integer(1).default(env.RATINGS_MIN_VOTES_CATEGORY),
    "no-style": z.boolean().default(false),
    "style-features": featureList.default("auto"),
    "style-rounds": integer(2, 100_000).default(DEFAULT_SETTINGS.styleRounds),
    "style-intervals": z.enum(["bootstrap", "sandwich"]).default("bootstrap"),
    "style-resampling": z.enum(["multinomial", "poisson"]).default("multinomial"),
    l2: z.coerce.number().min(0).default(DEFAULT_SETTINGS.l2Penalty),
    "no-elo": z.boolean().default(false),
    "elo-k": z.coerce.number().positive().default(DEFAULT_SETTINGS.eloK),
    threads: integer(1, 64).default(DEFAULT_SETTINGS.threads),
    consent: z.enum(["required", "ignored"]).default(env.RATINGS_REQUIRE_CONSENT ? "required" : "ignored"),
    "fetch-size": integer(100, 1_000_000).default(20_000),
    "work-mem": z.string().regex(/^\d{1,7}(kB|MB|GB)$/, "a size such as 256MB").default("256MB"),
    "dry-run": z.boolean().default(false),
    quiet: z.boolean().default(false),
  });
}
export type RatingsArguments = z.infer<ReturnType<typeof argumentsSchema>>;

const STRING_OPTIONS = [
  "bootstrap",
  "seed",
  "min-votes",
  "min-votes-discipline",
  "min-votes-category",
  "style-features",
  "style-rounds",
  "style-intervals",
  "style-resampling",
  "l2",
  "elo-k",
  "threads",
  "consent",
  "fetch-size",
  "work-mem",
] as const;
const BOOLEAN_OPTIONS = ["no-style", "no-elo", "dry-run", "quiet"] as const;

export function parseArguments(argv: readonly string[]): RatingsArguments {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        ...Object.fromEntries(STRING_OPTIONS.map((name) => [name, { type: "string" as const }])),
        ...Object.fromEntries(BOOLEAN_OPTIONS.map((name) => [name, { type: "boolean" as const }])),
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new InvalidArgumentsError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const parsed = argumentsSchema().safeParse(values);
  if (!parsed.success) {
    throw new InvalidArgumentsError(`${parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n")}\n${USAGE}`);
  }
  return parsed.data;
}

export function settingsFrom(args: RatingsArguments): JobSettings {
  return {
    minVotes: { overall: args["min-votes"], discipline: args["min-votes-discipline"], category: args["min-votes-category"] },
    bootstrapRounds: args.bootstrap,
    seed: args.seed,
    style: !args["no-style"],
    styleFeatures: args["style-features"] as "auto" | StyleFeature[],
    styleRounds: args["style-rounds"],
    styleIntervals: args["style-intervals"],
    styleResampling: args["style-resampling"],
    l2Penalty: args.l2,
    elo: !args["no-elo"],
    eloK: args["elo-k"],
    threads: args.threads,
  };
}

/** `git describe` of the checkout when available, else the package version. */
export function codeVersion(): string {
  try {
    return execFileSync("git", ["describe", "--always", "--dirty", "--tags"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    try {
      const pkg = JSON.parse(readFileSync(path.join(process.cwd(), "package.json"), "utf8")) as { version?: string };
      return `v${pkg.version ?? "unknown"}`;
    } catch {
      return "unknown";
    }
  }
}

function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string; cause?: unknown } | undefined;
  if (!e) return false;
  if (e.code && ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "57P01", "57P03", "08006", "08001", "08003", "3D000", "28P01"].includes(e.code)) {
    return true;
  }
  if (/ECONNREFUSED|Connection terminated|timeout exceeded when trying to connect|database system is (starting|shutting) up/i.test(e.message ?? "")) return true;
  return e.cause !== undefined && e.cause !== error && isDatabaseUnavailable(e.cause);
}

function formatTable(title: string, rows: readonly LeaderboardRow[], names: ReadonlyMap<string, string>, elo?: Record<string, number> | null): string {
  const header = ["rank", "model", "rating", "95% CI", "votes", "W/L/T", ...(elo ? ["online Elo"] : []), "flags"];
  const body = rows.map((row) => [
    String(row.rank),
    names.get(row.model) ?? row.model,
    row.rating.toFixed(1),
    `${(row.q025 - row.rating).toFixed(1)} / +${(row.q975 - row.rating).toFixed(1)}`,
    String(row.battles),
    `${row.wins}/${row.losses}/${row.ties}`,
    ...(elo ? [elo[row.model] === undefined ? "" : elo[row.model].toFixed(1)] : []),
    row.flags.join(","),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => r[c].length)));
  const left = new Set([1, header.length - 1]);
  const format = (cells: string[]) => cells.map((cell, c) => (left.has(c) ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ").trimEnd();
  return [title, format(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(format)].join("\n");
}

function scopeLine(result: ScopeResult, names: ReadonlyMap<string, string>): string {
  if (result.skipped !== null) return `  ${result.scope.key}: skipped (${result.skipped})`;
  const top = result.plain.rows[0];
  const style = result.style === null ? `style: ${result.styleSkipped}` : `style: ${result.styleFeatures.join("+")}`;
  return `  ${result.scope.key}: ${result.plain.rows.length} models, ${result.plain.votes} votes, top ${names.get(top.model) ?? top.model} ${top.rating.toFixed(1)}; ${style}`;
}

export function summary(outcome: RatingJobOutcome): string {
  const names = new Map(outcome.models.map((m) => [m.id, m.slug]));
  const overall = outcome.results.find((r) => r.scope.kind === "overall")!;
  const parts = [
    formatTable(`Bradley-Terry ratings, overall (${overall.plain.votes} votes, ${overall.plain.bootstrap.rounds} bootstrap rounds)`, overall.plain.rows, names, overall.onlineElo),
  ];
  const belowMinimum = overall.plain.excluded.filter((m) => m.battles > 0);
  if (belowMinimum.length > 0) {
    parts.push(`below the minimum: ${belowMinimum.map((m) => `${names.get(m.model) ?? m.model} (${m.battles})`).join(", ")}`);
  }
  if (overall.style !== null) {
    parts.push("", formatTable(`Style-controlled ratings, overall (${overall.style.intervals} intervals, L2 ${overall.style.fit.l2Penalty})`, overall.style.rows, names));
    parts.push(
      "style coefficients (log-odds per SD): " +
        overall.style.coefficients.map((c) => `${c.feature} ${c.value.toFixed(4)} [${c.q025.toFixed(4)}, ${c.q975.toFixed(4)}]`).join("; "),
    );
  }
  parts.push("", "scopes:", ...outcome.results.map((r) => scopeLine(r, names)));
  const e = outcome.exclusions;
  parts.push(
    "",
    `votes: ${outcome.votes} counted of ${e.stored} stored (failing a rule: not counted ${e.notCountedFlag}, battle not voted ${e.battleNotVoted}, ` +
      `excluded voter ${e.excludedVoter}, flagged voter ${e.flaggedVoter}, no consent ${e.noConsent})`,
  );
  const t = outcome.timings;
  const seconds = (ms: number) => (ms / 1000).toFixed(2);
  parts.push(
    `time: ${seconds(t.totalMs)} s (group by ${seconds(t.groupByMs)}, stream ${seconds(t.streamMs)}, costs ${seconds(t.costsMs)}, ` +
      `fits ${seconds(t.computeMs)}, store ${seconds(t.storeMs)}); streamed columns ${(outcome.streamedBytes / 1e6).toFixed(1)} MB`,
  );
  parts.push(outcome.runId === null ? "dry run: nothing stored" : `stored rating run ${outcome.runId}`);
  return parts.join("\n");
}

function progressReporter(enabled: boolean) {
  if (!enabled) return { update: undefined, stop: () => {} };
  let bar: cliProgress.SingleBar | undefined;
  let current = "";
  let last = 0;
  return {
    update: (stage: string, done: number, total: number) => {
      if (stage !== current) {
        bar?.stop();
        current = stage;
        bar = new cliProgress.SingleBar(
          { format: `${stage.slice(0, 40).padEnd(40)} [{bar}] {percentage}% | {value}/{total} | eta {eta_formatted}`, stream: process.stderr, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      }
      const now = performance.now();
      if (done === total || now - last > 100) {
        bar?.update(done);
        last = now;
      }
    },
    stop: () => bar?.stop(),
  };
}

export async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes("--input") || argv.some((a) => a.startsWith("--input=")) || argv.includes("--output")) return fileMain(argv);
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  let args: RatingsArguments;
  try {
    args = parseArguments(argv);
  } catch (error) {
    if (error instanceof InvalidArgumentsError) {
      process.stderr.write(`ratings: ${error.message}\n`);
      return EXIT.invalidArguments;
    }
    throw error;
  }
  const say = (line: string) => {
    if (!args.quiet) process.stderr.write(`[ratings] ${line}\n`);
  };
  let database: ResolvedDatabase | undefined;
  const progress = progressReporter(!args.quiet && process.stderr.isTTY === true);
  try {
    database = await resolveDatabase({ log: say });
    connectDb(database.url);
    const outcome = await runRatingJob(getPool(), getDb(), {
      settings: settingsFrom(args),
      counted: { requireConsent: args.consent === "required" },
      codeVersion: codeVersion(),
      fetchSize: args["fetch-size"],
      workMem: args["work-mem"],
      dryRun: args["dry-run"],
      progress: progress.update,
    });
    progress.stop();
    if (!args.quiet) process.stdout.write(`${summary(outcome)}\n`);
    else if (outcome.runId !== null) process.stdout.write(`${outcome.runId}\n`);
    return EXIT.ok;
  } catch (error) {
    progress.stop();
    if (error instanceof NotEnoughVotesError) {
      process.stderr.write(`ratings: not enough votes: ${error.message}; nothing stored\n`);
      return EXIT.notEnoughVotes;
    }
    if (isDatabaseUnavailable(error)) {
      process.stderr.write(`ratings: the database is unavailable: ${(error as Error).message}\n`);
      return EXIT.databaseUnavailable;
    }
    process.stderr.write(`ratings: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.failure;
  } finally {
    await disconnectDb();
    await database?.embedded?.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
