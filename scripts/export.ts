// npm run export -- --out DIR [--seed N] [--per-side N] [--salt S] [--require-consent true|false]
//                   [--batch-size N] [--row-group-size N] [--threads N] [--unit-cache DIR | --no-unit-cache]
// npm run export -- --publish [...]     (a new snapshot for the site's /dataset page, in DATASET_DIR)
// Writes sciarena-eval.{jsonl,parquet}, train.{jsonl,parquet}, README.md (dataset card) and manifest.json
// from the counted votes, streaming (bounded memory). Encoded row groups are kept between exports in
// DATASET_DIR/units (--unit-cache DIR elsewhere, --no-unit-cache not at all): an export encodes only what
// changed since the last one. Exit codes: 0 done, 1 failed, 2 bad arguments or settings.
import { mkdir, mkdtemp, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import cliProgress from "cli-progress";
import { z } from "zod";
import { connectDb, disconnectDb, getPool } from "@/lib/db";
import { resolveDatabase } from "@/lib/db/resolve";
import { exportDataset, type DatasetManifest, type ExportProgress } from "@/lib/dataset-export/export-dataset";
import { DEFAULT_EXPORT_THREADS } from "@/lib/dataset-export/unit-runners";
import { datasetDir, DatasetSettingsError, resolveDatasetSettings, type DatasetSettings } from "@/lib/dataset-export/settings";
import { publishSnapshot, unitCacheDir } from "@/lib/dataset-export/snapshots";
import type { UnitCacheStats } from "@/lib/dataset-export/unit-cache";

const USAGE =
  "usage: npm run export -- --out DIR | --publish  [--seed N] [--per-side N] [--salt S] [--require-consent true|false] [--batch-size N] [--row-group-size N] [--threads N] [--unit-cache DIR | --no-unit-cache]";

const flag = z.enum(["true", "false"]).transform((value) => value === "true");

const argsSchema = z
  .object({
    out: z.string().min(1).optional(),
    publish: z.boolean(),
    seed: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    "per-side": z.coerce.number().int().min(0).max(1_000_000).optional(),
    salt: z.string().optional(),
    "require-consent": flag.optional(),
    "batch-size": z.coerce.number().int().min(1).max(10_000).default(500),
    "row-group-size": z.coerce.number().int().min(1).max(1_000_000).default(1000),
    threads: z.coerce.number().int().min(1).max(64).default(DEFAULT_EXPORT_THREADS),
    "unit-cache": z.string().min(1).optional(),
    "no-unit-cache": z.boolean(),
  })
  .refine((args) => (args.out === undefined) !== !args.publish, { message: "give exactly one of --out DIR and --publish" })
  .refine((args) => !(args["unit-cache"] !== undefined && args["no-unit-cache"]), { message: "give at most one of --unit-cache DIR and --no-unit-cache" });

const VALUE_OPTIONS = ["out", "seed", "per-side", "salt", "require-consent", "batch-size", "row-group-size", "threads", "unit-cache"];

export function parseExportArgs(argv: string[]): z.infer<typeof argsSchema> {
  const raw: Record<string, unknown> = { publish: false, "no-unit-cache": false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--publish") raw.publish = true;
    else if (arg === "--no-unit-cache") raw["no-unit-cache"] = true;
    else if (arg.startsWith("--") && VALUE_OPTIONS.includes(arg.slice(2).split("=")[0])) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s);
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      raw[name] = value;
    } else throw new Error(`unknown argument ${arg}`);
  }
  const parsed = argsSchema.safeParse(raw);
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => `${issue.path.length ? `--${issue.path.join(".")}: ` : ""}${issue.message}`).join("; "));
  return parsed.data;
}

function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column].length)));
  const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  ");
  return [line(cells[0]), widths.map((width) => "-".repeat(width)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

function bytes(size: number): string {
  return size >= 1 << 20 ? `${(size / (1 << 20)).toFixed(1)} MB` : size >= 1024 ? `${(size / 1024).toFixed(1)} KB` : `${size} B`;
}

function unitCacheText(stats: UnitCacheStats | null, dir: string | undefined): string {
  if (!stats || dir === undefined) return "unit cache: off";
  const units = stats.hits + stats.misses;
  return [
    `unit cache ${dir}: ${stats.hits} of ${units} train units reused (${stats.hitRecords} records), ${stats.misses} encoded (${stats.missRecords} records)`,
    ...(stats.problem ? [`unit cache problem (the files are fine): ${stats.problem}`] : []),
  ].join("\n");
}

function summaryText(manifest: DatasetManifest, location: string, settings: DatasetSettings, ms: number): string {
  const { sampling, splits } = manifest;
  const seconds = ms / 1000;
  const records = splits.train.stats.total + splits.eval.stats.total;
  return [
    `exported to ${location}`,
    `as of: ${manifest.newestVoteAt ?? "(no votes)"}`,
    `train: ${splits.train.stats.total} counted votes (A ${splits.train.stats.votes.A}, B ${splits.train.stats.votes.B}, tie ${splits.train.stats.votes.tie}, bad ${splits.train.stats.votes.bad})`,
    `sciarena-eval: ${splits.eval.stats.total} votes; seed ${sampling.seed}, ${sampling.votesPerSide} + ${sampling.votesPerSide} requested per discipline`,
    "",
    table(
      ["discipline", "available A", "available B", "ties out", "both-bad out", "taken A", "taken B", "short"],
      sampling.disciplines.map((d) => [
        d.discipline ?? "(none)",
        d.availableA,
        d.availableB,
        d.excludedTies,
        d.excludedBothBad,
        d.takenA,
        d.takenB,
        d.takenA < d.requestedPerSide ? `${d.requestedPerSide - d.takenA} per side` : "",
      ]),
    ),
    "",
    table(
      ["file", "records", "size", "sha256"],
      manifest.files.map((f) => [f.name, f.records ?? "", bytes(f.bytes), f.sha256.slice(0, 16)]),
    ),
    "",
    `consent required: ${settings.requireConsent ? "yes" : "no"}; annotator salt from ${settings.saltSource}${
      settings.saltSource === "generated" ? " (development only: set DATASET_SALT for a real release)" : ""
    }`,
    `time: ${seconds.toFixed(1)} s (${Math.round(records / Math.max(seconds, 0.001))} records/s)`,
  ].join("\n");
}

/** Writes into a temporary folder inside `outDir`, then moves the files into place. */
async function exportToFolder(outDir: string, options: Parameters<typeof exportDataset>[2]) {
  await mkdir(outDir, { recursive: true });
  const temporary = await mkdtemp(path.join(outDir, ".export-"));
  try {
    const summary = await exportDataset(getPool(), temporary, options);
    for (const name of await readdir(temporary)) await rename(path.join(temporary, name), path.join(outDir, name));
    return summary;
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
}

async function main() {
  let args: ReturnType<typeof parseExportArgs>;
  let settings: DatasetSettings;
  try {
    args = parseExportArgs(process.argv.slice(2));
    settings = resolveDatasetSettings({
      seed: args.seed,
      votesPerSide: args["per-side"],
      salt: args.salt,
      requireConsent: args["require-consent"],
    });
  } catch (error) {
    console.error(`export: ${(error as Error).message}`);
    console.error(USAGE);
    process.exit(2);
  }

  const database = await resolveDatabase({ log: (line) => console.error(line) });
  connectDb(database.url);
  const bar = new cliProgress.SingleBar(
    {
      format: "{phase} |{bar}| {value}/{total} records | {rate} records/s",
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5000,
    },
    cliProgress.Presets.shades_classic,
  );
  let phase: string | null = null;
  let phaseStarted = Date.now();
  const onProgress = (progress: ExportProgress) => {
    const rate = Math.round(progress.done / Math.max((Date.now() - phaseStarted) / 1000, 0.001));
    if (progress.phase !== phase) {
      if (phase) bar.stop();
      phase = progress.phase;
      phaseStarted = Date.now();
      bar.start(Math.max(progress.total, 1), progress.done, { phase: progress.phase.padEnd(7), rate: 0 });
    } else {
      bar.setTotal(Math.max(progress.total, 1));
      bar.update(progress.done, { rate });
    }
  };

  let exitCode = 0;
  try {
    const cacheDir = args["no-unit-cache"] ? undefined : path.resolve(args["unit-cache"] ?? unitCacheDir());
    const options = {
      settings,
      batchSize: args["batch-size"],
      rowGroupSize: args["row-group-size"],
      threads: args.threads,
      unitCacheDir: cacheDir,
      onProgress,
    };
    if (args.publish) {
      const result = await publishSnapshot(getPool(), { ...options, dir: datasetDir() });
      bar.stop();
      console.log(summaryText(result.manifest, `${result.snapshot.folder} (now served at /dataset)`, settings, result.ms));
      console.log(unitCacheText(result.unitCache, cacheDir));
    } else {
      const out = path.resolve(args.out!);
      const result = await exportToFolder(out, options);
      bar.stop();
      console.log(summaryText(result.manifest, out, settings, result.ms));
      console.log(unitCacheText(result.unitCache, cacheDir));
    }
  } catch (error) {
    bar.stop();
    console.error(`export failed: ${error instanceof DatasetSettingsError ? error.message : ((error as Error).stack ?? String(error))}`);
    exitCode = 1;
  } finally {
    await disconnectDb();
    await database.embedded?.stop();
  }
  process.exit(exitCode);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) void main();
