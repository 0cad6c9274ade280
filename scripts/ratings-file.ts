// File mode of the rating job: Arena-format JSONL in, ratings JSON out, no database.
//   npx tsx scripts/ratings-file.ts --input battles.jsonl --output ratings.json \
//     [--bootstrap 1000] [--seed 1] [--style length,citations] [--min-votes N] ...
// Exit codes: 0 done, 2 invalid input (arguments or file), 1 anything else.
import { createReadStream, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { z } from "zod";
import {
  aggregateColumns,
  ArenaLogError,
  battleCountMatrix,
  computeLeaderboard,
  computeStyleLeaderboard,
  DEFAULT_STYLE_THREADS,
  normalizedDifference,
  onlineElo,
  orderByTime,
  parseArenaLine,
  restrictPairCounts,
  VoteColumnsBuilder,
  winFractionMatrix,
  type CollectedVotes,
  type Leaderboard,
  type LeaderboardRow,
  type StyleLeaderboard,
} from "@/lib/ratings";

const EXIT_INVALID_INPUT = 2;
const EXIT_FAILURE = 1;
const MAX_REPORTED_ERRORS = 20;

export class InvalidInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidInputError";
  }
}

const featureList = z
  .string()
  .transform((text) => text.split(",").map((name) => name.trim()).filter((name) => name !== ""))
  .pipe(z.array(z.string().regex(/^[A-Za-z0-9_]+$/, "feature names are letters, digits and _")).max(8))
  .refine((names) => new Set(names).size === names.length, "a feature is listed twice");

const anchorSpec = z
  .string()
  .regex(/^.+=-?\d+(\.\d+)?$/, "expected MODEL=RATING, e.g. gpt-4o=1200")
  .transform((text) => {
    const split = text.lastIndexOf("=");
    return { model: text.slice(0, split), rating: Number(text.slice(split + 1)) };
  });

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const argumentsSchema = z.object({
  input: z.string().min(1, "--input is required"),
  output: z.string().min(1, "--output is required"),
  bootstrap: integer(2, 100_000).default(1000),
  seed: integer(0, Number.MAX_SAFE_INTEGER).default(1),
  style: featureList.default([]),
  "style-rounds": integer(2, 100_000).default(100),
  "style-intervals": z.enum(["bootstrap", "sandwich"]).default("bootstrap"),
  "style-resampling": z.enum(["multinomial", "poisson"]).default("multinomial"),
  l2: z.coerce.number().min(0).default(0.25),
  "min-votes": integer(1, Number.MAX_SAFE_INTEGER).default(1),
  anchor: anchorSpec.optional(),
  "elo-k": z.coerce.number().positive().default(4),
  threads: integer(1, 64).default(DEFAULT_STYLE_THREADS),
  "include-named": z.boolean().default(false),
  quiet: z.boolean().default(false),
});
export type RatingsFileArguments = z.infer<typeof argumentsSchema>;

export const USAGE = `usage: npx tsx scripts/ratings-file.ts --input battles.jsonl --output ratings.json [options]
  --bootstrap N          bootstrap rounds for the plain ratings (default 1000)
  --seed N               seed of the bootstrap (default 1)
  --style f1,f2          style control with these features, read from <f>_a / <f>_b (e.g. length,citations)
  --style-rounds N       bootstrap rounds for style control (default 100; each is a pass over all votes)
  --style-intervals M    bootstrap | sandwich (closed-form, one pass) (default bootstrap)
  --style-resampling M   multinomial | poisson (default multinomial)
  --l2 C                 style-control penalty C·(‖w‖² + ‖γ‖²) (default 0.25, Chatbot Arena's)
  --min-votes N          minimum votes for a model to be rated (default 1)
  --anchor MODEL=R       pin MODEL at rating R (default: mean 1000)
  --elo-k K              online Elo step (default 4)
  --threads N            threads for the style-control bootstrap (default: the cores, at most 4; same result)
  --include-named        keep battles with "anony": false (dropped by default)
  --quiet                no progress bars or table`;

export function parseArguments(argv: readonly string[]): RatingsFileArguments {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        input: { type: "string" },
        output: { type: "string" },
        bootstrap: { type: "string" },
        seed: { type: "string" },
        style: { type: "string" },
        "style-rounds": { type: "string" },
        "style-intervals": { type: "string" },
        "style-resampling": { type: "string" },
        l2: { type: "string" },
        "min-votes": { type: "string" },
        anchor: { type: "string" },
        "elo-k": { type: "string" },
        threads: { type: "string" },
        "include-named": { type: "boolean" },
        quiet: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new InvalidInputError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const parsed = argumentsSchema.safeParse({ input: "", output: "", ...values });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `--${issue.path.join(".")}: ${issue.message}`);
    throw new InvalidInputError(`${problems.join("\n")}\n${USAGE}`);
  }
  return parsed.data;
}

export interface ReadLog {
  models: string[];
  votes: CollectedVotes;
  lines: number;
  skippedNamed: number;
}

function progressBar(enabled: boolean, label: string, total: number, unit: "items" | "megabytes" = "items"): cliProgress.SingleBar | undefined {
  if (!enabled) return undefined;
  const amount = unit === "megabytes" ? "{megabytes} MB" : "{value}/{total}";
  const bar = new cliProgress.SingleBar(
    { format: `${label.padEnd(16)} [{bar}] {percentage}% | ${amount} | eta {eta_formatted}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { megabytes: "0" });
  return bar;
}

/** Stream the JSONL file line by line into typed-array columns; every bad line is reported with its number. */
export async function readArenaLog(path: string, features: readonly string[], includeNamed: boolean, showProgress: boolean): Promise<ReadLog> {
  let size: number;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw new InvalidInputError(`${path} is not a file`);
    size = stats.size;
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw new InvalidInputError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const builder = new VoteColumnsBuilder(features, true, 1 << 16);
  const modelIndex = new Map<string, number>();
  const indexOf = (name: string) => {
    let index = modelIndex.get(name);
    if (index === undefined) {
      index = modelIndex.size;
      modelIndex.set(name, index);
    }
    return index;
  };
  const differences = new Float64Array(features.length);
  const errors: string[] = [];
  let errorCount = 0;
  let lines = 0;
  let skippedNamed = 0;
  let missingTimestamps = 0;
  const bar = progressBar(showProgress, "reading", size, "megabytes");
  let bytes = 0;
  const stream = createReadStream(path, { encoding: "utf8" });
  const reader = createInterface({ input: stream, crlfDelay: Infinity });
  for await (const line of reader) {
    lines += 1;
    bytes += Buffer.byteLength(line) + 1;
    if (bar !== undefined && (lines & 0xffff) === 0) bar.update(Math.min(bytes, size), { megabytes: (bytes / 1e6).toFixed(0) });
    let parsed;
    try {
      parsed = parseArenaLine(line, lines, features, includeNamed);
    } catch (error) {
      if (!(error instanceof ArenaLogError)) throw error;
      errorCount += 1;
      if (errors.length < MAX_REPORTED_ERRORS) errors.push(error.message);
      continue;
    }
    if (parsed.kind === "named") skippedNamed += 1;
    if (parsed.kind !== "battle") continue;
    const { battle } = parsed;
    for (let s = 0; s < features.length; s++) differences[s] = normalizedDifference(battle.featuresA[s], battle.featuresB[s]);
    if (battle.timestamp === undefined) missingTimestamps += 1;
    builder.push(indexOf(battle.modelA), indexOf(battle.modelB), battle.outcome, differences, battle.timestamp ?? 0);
  }
  bar?.update(size, { megabytes: (size / 1e6).toFixed(0) });
  bar?.stop();
  if (errorCount > 0) {
    const more = errorCount > errors.length ? `\n… and ${errorCount - errors.length} more bad lines` : "";
    throw new InvalidInputError(`${path}: ${errorCount} bad line${errorCount === 1 ? "" : "s"}\n${errors.join("\n")}${more}`);
  }
  if (builder.length === 0) throw new InvalidInputError(`${path}: no battles found (${lines} lines read)`);
  if (modelIndex.size < 2) throw new InvalidInputError(`${path}: battles name fewer than two models`);
  const votes = builder.build();
  if (missingTimestamps > 0) votes.timestamps = undefined;
  return { models: [...modelIndex.keys()], votes, lines, skippedNamed };
}

function formatRows(title: string, rows: readonly LeaderboardRow[]): string {
  const header = ["rank", "model", "rating", "95% CI", "votes", "W/L/T", "flags"];
  const body = rows.map((row) => [
    String(row.rank),
    row.model,
    row.rating.toFixed(1),
    `${(row.q025 - row.rating).toFixed(1)} / +${(row.q975 - row.rating).toFixed(1)}`,
    String(row.battles),
    `${row.wins}/${row.losses}/${row.ties}`,
    row.flags.join(","),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => r[c].length)));
  const format = (cells: string[]) => cells.map((cell, c) => (c === 1 || c === 6 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ");
  return [title, format(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(format)].join("\n");
}

export function summaryTable(plain: Leaderboard, style: StyleLeaderboard | undefined): string {
  const parts = [formatRows(`Bradley-Terry ratings (${plain.votes} votes, ${plain.bootstrap.rounds} bootstrap rounds)`, plain.rows)];
  if (plain.excluded.length > 0) parts.push(`below --min-votes: ${plain.excluded.map((m) => `${m.model} (${m.battles})`).join(", ")}`);
  if (style !== undefined) {
    parts.push("", formatRows(`Style-controlled ratings (${style.intervals} intervals, L2 ${style.fit.l2Penalty})`, style.rows));
    parts.push(
      "style coefficients (log-odds per SD): " +
        style.coefficients.map((c) => `${c.feature} ${c.value.toFixed(4)} [${c.q025.toFixed(4)}, ${c.q975.toFixed(4)}]`).join("; "),
    );
  }
  return parts.join("\n");
}

export async function run(args: RatingsFileArguments, interactive: boolean): Promise<void> {
  const started = performance.now();
  const log = await readArenaLog(args.input, args.style, args["include-named"], interactive);
  const { models, votes } = log;
  const readDone = performance.now();

  const counts = aggregateColumns(votes.columns, models.length);
  const plainBar = progressBar(interactive, "bootstrap", args.bootstrap);
  const plain = computeLeaderboard(models, counts, {
    rounds: args.bootstrap,
    seed: args.seed,
    minVotes: args["min-votes"],
    anchor: args.anchor,
    onProgress: (done) => {
      if (done % 50 === 0 || done === args.bootstrap) plainBar?.update(done);
    },
  });
  plainBar?.stop();
  const plainDone = performance.now();

  let style: StyleLeaderboard | undefined;
  if (args.style.length > 0) {
    const useBootstrap = args["style-intervals"] === "bootstrap";
    const styleBar = progressBar(interactive && useBootstrap, "style bootstrap", args["style-rounds"]);
    style = computeStyleLeaderboard(models, votes.columns, votes.features, {
      rounds: args["style-rounds"],
      seed: args.seed,
      minVotes: args["min-votes"],
      anchor: args.anchor,
      l2Penalty: args.l2,
      intervals: args["style-intervals"],
      resampling: args["style-resampling"],
      threads: args.threads,
      onProgress: (done) => styleBar?.update(done),
    });
    styleBar?.stop();
  }
  const styleDone = performance.now();

  const ordered = votes.timestamps === undefined ? votes.columns : orderByTime(votes.columns, votes.timestamps);
  const elo = onlineElo(ordered, models.length, { k: args["elo-k"] });
  const rated = plain.rows.map((row) => row.model);
  const ratedCounts = restrictPairCounts(counts, rated.map((name) => models.indexOf(name)));
  const output = {
    tool: "scripts/ratings-file.ts",
    input: args.input,
    parameters: {
      scale: 400,
      base: 10,
      init: 1000,
      bootstrapRounds: args.bootstrap,
      seed: args.seed,
      minVotes: args["min-votes"],
      anchor: args.anchor ?? null,
      style: args.style,
      styleIntervals: args["style-intervals"],
      styleRounds: args["style-rounds"],
      styleResampling: args["style-resampling"],
      l2Penalty: args.l2,
      eloK: args["elo-k"],
      includeNamed: args["include-named"],
    },
    lines: log.lines,
    votes: votes.columns.modelA.length,
    skippedNamed: log.skippedNamed,
    leaderboard: plain,
    styleControl: style ?? null,
    onlineElo: Object.fromEntries(models.map((name, i) => [name, elo[i]])),
    onlineEloOrder: votes.timestamps === undefined ? "file" : "tstamp",
    matrices: { models: rated, battleCounts: battleCountMatrix(ratedCounts), winFraction: winFractionMatrix(ratedCounts) },
    timingSeconds: {
      read: (readDone - started) / 1000,
      plain: (plainDone - readDone) / 1000,
      style: (styleDone - plainDone) / 1000,
      total: (performance.now() - started) / 1000,
    },
  };
  await writeFile(args.output, JSON.stringify(output, null, 1) + "\n");
  if (!args.quiet) {
    process.stdout.write(summaryTable(plain, style) + "\n");
    process.stdout.write(`\n${output.votes} votes from ${log.lines} lines in ${output.timingSeconds.total.toFixed(2)} s; wrote ${args.output}\n`);
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseArguments(argv);
    await run(args, !args.quiet && process.stderr.isTTY === true);
    return 0;
  } catch (error) {
    if (error instanceof InvalidInputError) {
      process.stderr.write(`ratings-file: ${error.message}\n`);
      return EXIT_INVALID_INPUT;
    }
    process.stderr.write(`ratings-file: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_FAILURE;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
