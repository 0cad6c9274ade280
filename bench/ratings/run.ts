// Rating-job benchmark, run by hand (never in CI): npx tsx bench/ratings/run.ts [options] (--threads N: style bootstrap threads)
// Generates gen_battles.py-identical logs by seed, times this library (file load, plain Bradley-Terry with
// bootstrap, style control with bootstrap / sandwich) and, when /usr/bin/python3 has numpy, scipy and
// scikit-learn, the reference shared/bench/ratings/fastchat_style_bt.py on the same file. Prints medians
// (min–max); asserts nothing.
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import {
  aggregateColumns,
  bootstrapBradleyTerry,
  bootstrapStyleControl,
  DEFAULT_STYLE_THREADS,
  fitBradleyTerry,
  fitStyleControl,
  generateSyntheticBattles,
  prepareStyleData,
  styleSandwichIntervals,
  syntheticJsonLine,
} from "@/lib/ratings";
import { readArenaLog } from "@/scripts/ratings-file";

const options = z
  .object({
    models: z.coerce.number().int().min(2).default(30),
    sizes: z.string().default("100000,1000000"),
    seed: z.coerce.number().int().min(0).default(1),
    runs: z.coerce.number().int().min(1).default(3),
    rounds: z.coerce.number().int().min(2).default(1000),
    "style-rounds": z.coerce.number().int().min(2).default(100),
    "reference-dir": z.string().default(path.resolve(import.meta.dirname, "..", "..", "..", "shared", "bench", "ratings")),
    python: z.string().default("/usr/bin/python3"),
    "python-runs": z.coerce.number().int().min(0).default(1),
    threads: z.coerce.number().int().min(1).default(DEFAULT_STYLE_THREADS),
    "skip-sklearn-style-above": z.coerce.number().int().default(200_000),
    out: z.string().default(path.resolve(import.meta.dirname, "..", "out", "ratings")),
  })
  .parse(
    parseArgs({
      options: Object.fromEntries(
        ["models", "sizes", "seed", "runs", "rounds", "style-rounds", "reference-dir", "python", "python-runs", "skip-sklearn-style-above", "out", "threads"].map((name) => [
          name,
          { type: "string" as const },
        ]),
      ),
    }).values,
  );

const sizes = options.sizes.split(",").map((s) => Number(s.trim()));
const FEATURES = ["length", "citations"];

interface Measurement {
  label: string;
  votes: number;
  seconds: number[];
  note?: string;
}
const results: Measurement[] = [];

function record(label: string, votes: number, seconds: number[], note?: string): void {
  results.push({ label, votes, seconds, note });
  const sorted = [...seconds].sort((a, b) => a - b);
  process.stderr.write(`  ${label} @ ${votes}: ${sorted.map((s) => s.toFixed(3)).join(", ")} s${note ? ` (${note})` : ""}\n`);
}

async function time<T>(runs: number, work: () => T | Promise<T>): Promise<{ seconds: number[]; last: T }> {
  const seconds: number[] = [];
  let last: T | undefined;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    last = await work();
    seconds.push((performance.now() - start) / 1000);
  }
  return { seconds, last: last as T };
}

async function writeLog(file: string, votes: number): Promise<void> {
  const battles = generateSyntheticBattles({ models: options.models, battles: votes, seed: options.seed });
  const stream = createWriteStream(file);
  let chunk: string[] = [];
  for (let i = 0; i < votes; i++) {
    chunk.push(syntheticJsonLine(battles, i));
    if (chunk.length === 50_000 || i === votes - 1) {
      const text = chunk.join("\n") + "\n";
      chunk = [];
      if (!stream.write(text)) await new Promise<void>((resolve) => stream.once("drain", () => resolve()));
    }
  }
  await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

function pythonAvailable(): boolean {
  if (!existsSync(options.python) || !existsSync(path.join(options["reference-dir"], "fastchat_style_bt.py"))) return false;
  const check = spawnSync(options.python, ["-c", "import numpy, scipy, sklearn"], { encoding: "utf8" });
  return check.status === 0;
}

interface ReferenceTiming {
  total: number;
  computeExclLoad: number;
  bootstrap: number;
}

function runReference(args: string[]): { wall: number; timing: ReferenceTiming; output: Record<string, unknown> } | undefined {
  const start = performance.now();
  const run = spawnSync(options.python, [path.join(options["reference-dir"], "fastchat_style_bt.py"), ...args], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const wall = (performance.now() - start) / 1000;
  if (run.status !== 0) {
    process.stderr.write(`  reference failed: ${run.stderr.slice(-500)}\n`);
    return undefined;
  }
  const output = JSON.parse(run.stdout) as { timing_s: { total: number; compute_excl_load: number; bootstrap: number } } & Record<string, unknown>;
  return { wall, timing: { total: output.timing_s.total, computeExclLoad: output.timing_s.compute_excl_load, bootstrap: output.timing_s.bootstrap }, output };
}

function exactReference(file: string, style: boolean): Record<string, number> | undefined {
  const script = path.join(options["reference-dir"], "exact_reference.py");
  const run = spawnSync(options.python, [script, file, ...(style ? ["--style", FEATURES.join(",")] : [])], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) return undefined;
  return (JSON.parse(run.stdout) as { rating: Record<string, number> }).rating;
}

function maxDifference(names: readonly string[], ratings: ArrayLike<number>, reference: Record<string, number> | undefined): string {
  if (reference === undefined) return "";
  let worst = 0;
  names.forEach((name, i) => (worst = Math.max(worst, Math.abs(ratings[i] - reference[name]))));
  return `max |Δ| vs exact_reference ${worst.toExponential(2)} Elo`;
}

async function main(): Promise<void> {
  mkdirSync(options.out, { recursive: true });
  const python = options["python-runs"] > 0 && pythonAvailable();
  process.stderr.write(`node ${process.version}, ${os.cpus().length} cpus (${os.cpus()[0]?.model ?? "?"}); python reference: ${python ? "yes" : "no"}\n`);
  for (const votes of sizes) {
    const file = path.join(options.out, `battles-k${options.models}-n${votes}-seed${options.seed}.jsonl`);
    if (!existsSync(file)) {
      const generated = await time(1, () => writeLog(file, votes));
      process.stderr.write(`generated ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB) in ${generated.seconds[0].toFixed(1)} s\n`);
    }
    process.stderr.write(`N = ${votes}\n`);

    const load = await time(options.runs, () => readArenaLog(file, FEATURES, false, false));
    record("TS  load JSONL (stream → typed columns)", votes, load.seconds);
    const { models, votes: collected } = load.last;
    const columns = collected.columns;

    const plainFull = await time(options.runs, () => {
      const counts = aggregateColumns(columns, models.length);
      const fit = fitBradleyTerry(counts);
      return { fit, boot: bootstrapBradleyTerry(counts, { rounds: options.rounds, seed: options.seed }, fit) };
    });
    const exactPlain = python ? exactReference(file, false) : undefined;
    record(`TS  plain BT + ${options.rounds} bootstrap (after load)`, votes, plainFull.seconds, maxDifference(models, plainFull.last.fit.ratings, exactPlain));
    const plain100 = await time(options.runs, () => {
      const counts = aggregateColumns(columns, models.length);
      return bootstrapBradleyTerry(counts, { rounds: 100, seed: options.seed });
    });
    record("TS  plain BT + 100 bootstrap (after load)", votes, plain100.seconds);

    const data = prepareStyleData(columns, models.length, collected.features);
    const styleFit = await time(options.runs, () => fitStyleControl(data));
    const exactStyle = python ? exactReference(file, true) : undefined;
    record("TS  style fit (length+citations)", votes, styleFit.seconds, maxDifference(models, styleFit.last.ratings, exactStyle));
    const styleBoot = await time(options.runs, () => {
      const fit = fitStyleControl(data);
      return bootstrapStyleControl(data, { rounds: options["style-rounds"], seed: options.seed }, fit);
    });
    record(`TS  style fit + ${options["style-rounds"]} bootstrap, multinomial, 1 thread`, votes, styleBoot.seconds, `${styleBoot.last.meanIterations.toFixed(2)} Newton passes/round`);
    if (options.threads > 1) {
      const styleThreads = await time(options.runs, () => {
        const fit = fitStyleControl(data);
        return bootstrapStyleControl(data, { rounds: options["style-rounds"], seed: options.seed, threads: options.threads }, fit);
      });
      const same = styleThreads.last.ratingSamples.every((value, i) => value === styleBoot.last.ratingSamples[i]);
      record(
        `TS  style fit + ${options["style-rounds"]} bootstrap, multinomial, ${options.threads} threads`,
        votes,
        styleThreads.seconds,
        `${styleThreads.last.roundsByOtherThreads} rounds by workers; samples ${same ? "identical to" : "DIFFER from"} 1 thread`,
      );
    }
    const stylePoisson = await time(options.runs, () => {
      const fit = fitStyleControl(data);
      return bootstrapStyleControl(data, { rounds: options["style-rounds"], seed: options.seed, resampling: "poisson" }, fit);
    });
    record(`TS  style fit + ${options["style-rounds"]} bootstrap, Poisson`, votes, stylePoisson.seconds);
    const sandwich = await time(options.runs, () => styleSandwichIntervals(data, fitStyleControl(data)));
    record("TS  style fit + sandwich CIs", votes, sandwich.seconds);

    if (python) {
      const referenceRuns: Array<[string, string[]]> = [
        ["PY  plain BT lbfgs + 100 bootstrap", ["--method", "lbfgs", "--rounds", "100", "--no-elo"]],
        ["PY  plain BT sklearn lr + 100 bootstrap", ["--method", "lr", "--rounds", "100", "--no-elo"]],
        ["PY  style lbfgs + 100 bootstrap", ["--method", "lbfgs", "--style", FEATURES.join(","), "--rounds", String(options["style-rounds"]), "--no-elo"]],
      ];
      if (votes <= options["skip-sklearn-style-above"]) {
        referenceRuns.push(["PY  style sklearn lr + 100 bootstrap", ["--method", "lr", "--style", FEATURES.join(","), "--rounds", String(options["style-rounds"]), "--no-elo"]]);
      }
      for (const [label, args] of referenceRuns) {
        const walls: number[] = [];
        const computes: number[] = [];
        for (let r = 0; r < options["python-runs"]; r++) {
          const reference = runReference([file, ...args]);
          if (reference === undefined) break;
          walls.push(reference.wall);
          computes.push(reference.timing.computeExclLoad);
        }
        if (walls.length > 0) {
          record(`${label} (after load)`, votes, computes);
          record(`${label} (whole process)`, votes, walls);
        }
      }
    }
  }

  const describe = (seconds: number[]) => {
    const sorted = [...seconds].sort((a, b) => a - b);
    const median = sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    return { median, range: sorted.length > 1 ? `${sorted[0].toFixed(2)}–${sorted[sorted.length - 1].toFixed(2)}` : "" };
  };
  const width = Math.max(...results.map((r) => r.label.length));
  const lines = [
    `command: npx tsx bench/ratings/run.ts ${process.argv.slice(2).join(" ")}`.trimEnd(),
    `K = ${options.models}, seed ${options.seed}, ${options.runs} runs (TS), ${options["python-runs"]} run(s) (Python); node ${process.version}; ${os.cpus().length} cpus; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (TS process)`,
    "",
    `${"run".padEnd(width)}  ${"votes".padStart(8)}  ${"median s".padStart(9)}  ${"min–max".padStart(12)}  note`,
    ...results.map((r) => {
      const { median, range } = describe(r.seconds);
      return `${r.label.padEnd(width)}  ${String(r.votes).padStart(8)}  ${median.toFixed(3).padStart(9)}  ${range.padStart(12)}  ${r.note ?? ""}`;
    }),
  ];
  process.stdout.write(lines.join("\n") + "\n");
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
