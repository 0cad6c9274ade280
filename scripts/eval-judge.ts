// npm run eval:judge -- --data FILE --judge MODEL [--concurrency N] [--limit N] [--out results.json]
//     [--seed N] [--bootstrap N] [--attempts N] [--timeout-ms N] [--cache FILE | --no-cache] [--no-store]
// Scores an LLM judge against researchers' votes, SciArena-Eval style: the judge sees the question and the
// two responses and answers A or B, in both orders. FILE: our export (JSONL or Parquet) or the public
// SciArena / SciArena-Eval files (JSON, JSONL, Parquet). MODEL: demo-judge (built in, offline) or a
// configured model slug. Judgements are cached on disk, so an interrupted run resumes where it stopped.
// Exit codes: 0 done, 1 failed, 2 bad arguments, 3 some judgements failed after retries (re-run to retry them).
import { existsSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import cliProgress from "cli-progress";
import { z } from "zod";
import { evaluateJudge, toJudgedRecord, type RecordReadIssue } from "@/lib/dataset";
import { connectDb, disconnectDb, getDb } from "@/lib/db";
import { resolveDatabase, type ResolvedDatabase } from "@/lib/db/resolve";
import { getEnv } from "@/lib/env";
import { storeJudgeEvaluation } from "@/lib/judges/evaluations";
import { JudgementCache } from "@/lib/judges/judgement-cache";
import { readDatasetFile, sha256OfFile } from "@/lib/judges/read-dataset-file";
import { formatJudgeReport } from "@/lib/judges/report";
import { JudgeNotFoundError, resolveJudge, type ResolvedJudge } from "@/lib/judges/resolve-judge";
import { syncCatalog } from "@/lib/models/sync-catalog";
import { JUDGE_PROMPT_VERSION, runJudgements, type JudgeRecord } from "@/lib/judges/run-judgements";

const USAGE =
  "usage: npm run eval:judge -- --data FILE --judge MODEL [--concurrency N] [--limit N] [--out results.json] [--seed N] [--bootstrap N] [--attempts N] [--timeout-ms N] [--cache FILE | --no-cache] [--no-store]";

const argsSchema = z.object({
  data: z.string({ error: "--data FILE is required" }).min(1),
  judge: z.string({ error: "--judge MODEL is required" }).min(1),
  concurrency: z.coerce.number().int().min(1).max(256).default(4),
  limit: z.coerce.number().int().min(1).optional(),
  out: z.string().min(1).optional(),
  seed: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  bootstrap: z.coerce.number().int().min(1).max(100_000).default(1000),
  attempts: z.coerce.number().int().min(1).max(20).default(4),
  "timeout-ms": z.coerce.number().int().min(100).default(120_000),
  cache: z.string().min(1).optional(),
  "no-cache": z.boolean(),
  "no-store": z.boolean(),
});

type Args = z.infer<typeof argsSchema>;

const VALUE_OPTIONS = ["data", "judge", "concurrency", "limit", "out", "seed", "bootstrap", "attempts", "timeout-ms", "cache"];
const SWITCHES = ["no-cache", "no-store"];

export function parseEvalJudgeArgs(argv: readonly string[]): Args {
  const raw: Record<string, unknown> = { "no-cache": false, "no-store": false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.startsWith("--") ? arg.slice(2).split(/=(.*)/s) : [""];
    if (SWITCHES.includes(name)) raw[name] = true;
    else if (VALUE_OPTIONS.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      raw[name] = value;
    } else throw new Error(`unknown argument ${arg}`);
  }
  const parsed = argsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((issue) => (issue.message.startsWith("--") ? issue.message : `--${issue.path.join(".")}: ${issue.message}`)).join("; "));
  }
  if (parsed.data.cache && parsed.data["no-cache"]) throw new Error("give --cache FILE or --no-cache, not both");
  return parsed.data;
}

class UsageError extends Error {}

async function loadRecords(file: string, limit: number | undefined) {
  const records: JudgeRecord[] = [];
  const ids = new Set<string>();
  const issues: RecordReadIssue[] = [];
  let read = 0;
  let notDecisive = 0;
  let duplicates = 0;
  for await (const record of readDatasetFile(file, { onIssue: (issue) => issues.push(issue) })) {
    read++;
    if (record.vote !== "A" && record.vote !== "B") {
      notDecisive++;
      continue;
    }
    if (ids.has(record.id)) {
      duplicates++;
      continue;
    }
    if (limit !== undefined && records.length >= limit) continue;
    ids.add(record.id);
    const { id, question, responseA, responseB, vote, subject, question_type } = record;
    records.push({ id, question, responseA, responseB, vote, subject, question_type });
  }
  return { records, issues, read, notDecisive, duplicates };
}

export async function main(argv: readonly string[]): Promise<number> {
  let args: Args;
  try {
    args = parseEvalJudgeArgs(argv);
    if (!existsSync(args.data) || !statSync(args.data).isFile()) throw new Error(`--data: no such file: ${args.data}`);
  } catch (error) {
    console.error(`eval:judge: ${(error as Error).message}`);
    console.error(USAGE);
    return 2;
  }

  let database: ResolvedDatabase | undefined;
  const db = async () => {
    if (!database) {
      database = await resolveDatabase({ log: (line) => console.error(line) });
      connectDb(database.url);
      // Judges may be any model of the models file, registered or not yet.
      await syncCatalog();
    }
    return getDb();
  };
  let cache: JudgementCache | undefined;
  const started = Date.now();
  try {
    const loaded = await loadRecords(args.data, args.limit);
    console.error(
      `${path.basename(args.data)}: ${loaded.read + loaded.issues.length} records read, ${loaded.records.length} to judge` +
        (loaded.notDecisive ? `, ${loaded.notDecisive} tie or both-bad skipped` : "") +
        (loaded.duplicates ? `, ${loaded.duplicates} duplicate ids skipped` : "") +
        (loaded.issues.length ? `, ${loaded.issues.length} unreadable skipped` : ""),
    );
    for (const issue of loaded.issues.slice(0, 5)) console.error(`  record ${issue.position}: ${issue.problem}`);
    if (loaded.records.length === 0) throw new UsageError(`${args.data} has no record with an A or B vote to judge`);

    let judge: ResolvedJudge;
    try {
      judge = await resolveJudge(args.judge, db);
    } catch (error) {
      // Unknown slugs and models that cannot be built (a missing key, an unsupported provider).
      throw new UsageError((error as Error).message);
    }
    if (!args["no-cache"]) {
      const file = args.cache ?? path.join(getEnv().DATA_DIR, "judge-cache", `${judge.slug.replace(/[^A-Za-z0-9._-]+/g, "_")}.jsonl`);
      cache = await JudgementCache.open(file);
      console.error(`judgement cache: ${file} (${cache.size} judgements)`);
    }

    const bar = new cliProgress.SingleBar(
      {
        format: "judging |{bar}| {value}/{total} judgements | cached {cached} | retries {retries} | failed {failed} | ETA {eta_formatted}",
        hideCursor: true,
        noTTYOutput: true,
        notTTYSchedule: 5000,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(loaded.records.length * 2, 0, { cached: 0, retries: 0, failed: 0 });
    const result = await runJudgements({
      model: judge.model,
      judge: judge.cacheIdentity,
      records: loaded.records,
      concurrency: args.concurrency,
      maxAttempts: args.attempts,
      timeoutMs: args["timeout-ms"],
      cache,
      onProgress: (progress) => bar.update(progress.done, { cached: progress.cached, retries: progress.retries, failed: progress.failed }),
    });
    bar.stop();

    const evaluation = evaluateJudge(
      loaded.records.map((record) => toJudgedRecord(record, result.outputs.get(record.id)!)),
      { seed: args.seed, bootstrapRounds: args.bootstrap },
    );
    const durationMs = Date.now() - started;
    const datasetSha256 = await sha256OfFile(args.data);
    console.log(formatJudgeReport(evaluation, `judge ${judge.slug} (${judge.provider}/${judge.providerModel}) on ${path.basename(args.data)}`));
    console.log(
      `\njudgements: ${result.progress.total} (${result.progress.cached} from the cache, ${result.calls} model calls, ${result.progress.retries} retries, ${result.progress.failed} failed); ${(durationMs / 1000).toFixed(1)} s`,
    );

    if (args.out) {
      const report = {
        judge: { slug: judge.slug, provider: judge.provider, model: judge.providerModel },
        dataset: {
          file: path.basename(args.data),
          sha256: datasetSha256,
          recordsRead: loaded.read,
          judged: loaded.records.length,
          skippedNotDecisive: loaded.notDecisive,
          skippedDuplicates: loaded.duplicates,
          unreadable: loaded.issues.length,
        },
        promptVersion: JUDGE_PROMPT_VERSION,
        judgements: { ...result.progress, calls: result.calls },
        failures: result.failures.slice(0, 100),
        durationMs,
        evaluation,
      };
      await writeFile(args.out, `${JSON.stringify(report, null, 2)}\n`);
      console.log(`results: ${args.out}`);
    }

    if (result.failures.length > 0) {
      for (const failure of result.failures.slice(0, 5)) console.error(`  ${failure.id} (${failure.order}): ${failure.error}`);
      console.error(
        `${result.failures.length} judgements failed after ${args.attempts} attempts and count as unusable above; ` +
          "nothing was stored. Re-run the same command: judgements already made come from the cache.",
      );
      return 3;
    }
    if (!args["no-store"]) {
      const id = await storeJudgeEvaluation(await db(), {
        judge: judge.slug,
        judgeProvider: judge.provider,
        judgeModel: judge.providerModel,
        dataset: path.basename(args.data),
        datasetSha256,
        promptVersion: JUDGE_PROMPT_VERSION,
        evaluation,
        durationMs,
      });
      console.log(`stored as judge evaluation ${id}: shown on /judges`);
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof JudgeNotFoundError) {
      console.error(`eval:judge: ${error.message}`);
      return 2;
    }
    console.error(`eval:judge failed: ${(error as Error).stack ?? String(error)}`);
    return 1;
  } finally {
    await cache?.close().catch(() => {});
    if (database) {
      await disconnectDb();
      await database.embedded?.stop();
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
