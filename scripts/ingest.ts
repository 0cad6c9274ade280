// npm run ingest -- <file.jsonl|folder> [...more] [--format F] [--id-prefix P] [--strict] [--batch-size N]
// Streams papers into the corpus (constant memory, batched, idempotent by paper id). Formats: the shared
// corpus JSONL, Semantic Scholar papers/abstracts datasets, the arXiv metadata snapshot, BEIR corpus.jsonl,
// OpenAlex works; detected per line unless --format names one. Give S2 papers files before abstracts files.
import { statSync } from "node:fs";
import cliProgress from "cli-progress";
import { z } from "zod";
import { expandInputPaths, IngestLineError, ingestFiles } from "@/lib/corpus/ingest-files";
import { CORPUS_FORMATS, lineParser } from "@/lib/corpus/paper-input";
import { connectDb, disconnectDb, getPool } from "@/lib/db";
import { resolveDatabase } from "@/lib/db/resolve";

const argsSchema = z.object({
  inputs: z.array(z.string()).min(1, "give at least one .jsonl file or folder"),
  strict: z.boolean(),
  batchSize: z.coerce.number().int().min(1).max(10_000),
  format: z.enum(["auto", ...CORPUS_FORMATS], { message: `--format must be one of auto, ${CORPUS_FORMATS.join(", ")}` }),
  idPrefix: z.string().regex(/^[a-z0-9_-]+$/i, "--id-prefix takes letters, digits, - and _").optional(),
});

const USAGE = `usage: npm run ingest -- <papers.jsonl|folder> [...] [--format auto|${CORPUS_FORMATS.join("|")}] [--id-prefix P] [--strict] [--batch-size N]`;

function parseArgs(argv: string[]) {
  const inputs: string[] = [];
  let strict = false;
  let batchSize = "500";
  let format = "auto";
  let idPrefix: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--strict") strict = true;
    else if (arg === "--batch-size") batchSize = argv[++i] ?? "";
    else if (arg === "--format") format = argv[++i] ?? "";
    else if (arg === "--id-prefix") idPrefix = argv[++i] ?? "";
    else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else if (arg.startsWith("--")) throw new Error(`unknown option ${arg}`);
    else inputs.push(arg);
  }
  const parsed = argsSchema.safeParse({ inputs, strict, batchSize, format, idPrefix });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join("; "));
  return parsed.data;
}

async function main() {
  let args: ReturnType<typeof parseArgs>;
  let files: string[];
  try {
    args = parseArgs(process.argv.slice(2));
    files = expandInputPaths(args.inputs);
    if (files.length === 0) throw new Error("no .jsonl/.json/.ndjson files found in the given folders");
  } catch (error) {
    console.error(`ingest: ${(error as Error).message}`);
    console.error(USAGE);
    process.exit(2);
  }

  const database = await resolveDatabase({ log: (line) => console.error(line) });
  connectDb(database.url);
  const totalBytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  const bar = new cliProgress.SingleBar(
    {
      format: "ingest |{bar}| {percentage}% | {papers} papers | {rate} papers/s | ETA {eta_formatted}",
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5000,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(totalBytes, 0, { papers: 0, rate: 0 });
  const started = Date.now();
  let bytesBefore = 0;
  let currentFile = "";
  let exitCode = 0;
  try {
    const summary = await ingestFiles(getPool(), files, {
      batchSize: args.batchSize,
      strict: args.strict,
      parseLine: lineParser(args.format, { idPrefix: args.idPrefix }),
      onProgress: (p) => {
        if (p.file !== currentFile) {
          if (currentFile) bytesBefore += statSync(currentFile).size;
          currentFile = p.file;
        }
        const seconds = (Date.now() - started) / 1000;
        bar.update(bytesBefore + p.bytesRead, { papers: p.papersRead, rate: Math.round(p.papersRead / Math.max(seconds, 0.001)) });
      },
    });
    bar.update(totalBytes);
    bar.stop();
    const seconds = summary.ms / 1000;
    console.log(
      [
        `files: ${summary.files}`,
        `papers read: ${summary.papersRead}`,
        `inserted: ${summary.inserted}`,
        `updated: ${summary.updated}`,
        `unchanged: ${summary.unchanged}`,
        ...(summary.abstractsApplied || summary.abstractsUnmatched
          ? [`abstracts applied: ${summary.abstractsApplied}`, `abstracts without a paper: ${summary.abstractsUnmatched}`]
          : []),
        `malformed lines skipped: ${summary.skipped}`,
        `time: ${seconds.toFixed(1)} s (${Math.round(summary.papersRead / Math.max(seconds, 0.001))} papers/s)`,
      ].join("\n"),
    );
    for (const e of summary.errors.slice(0, 20)) console.error(`  ${e.file}:${e.line}: ${e.message}`);
    if (summary.errors.length > 20) console.error(`  … and ${summary.skipped - 20} more`);
  } catch (error) {
    bar.stop();
    console.error(error instanceof IngestLineError ? `ingest stopped (--strict): ${error.message}` : `ingest failed: ${(error as Error).message}`);
    exitCode = error instanceof IngestLineError ? 3 : 1;
  } finally {
    await disconnectDb();
    await database.embedded?.stop();
  }
  process.exit(exitCode);
}

void main();
