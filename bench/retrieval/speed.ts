// Retrieval speed, run by hand (never in CI):
//   npx tsx bench/retrieval/speed.ts [--server postgresql://postgres@127.0.0.1:5432/postgres] [--queries 1000]
//     [--million] [--million-queries N] [--target-passages 1000000] [--keep] [--existing] [--database retrieval_bench_speed]
// 1. Ingests the shared corpus (23k papers) into a fresh database `retrieval_bench_speed` and reports
//    papers/s, then re-ingests it (nothing changes) and reports that too.
// 2. Runs `--queries` researcher questions (ScholarQA bio + neuro, PubMedQA) through the local retriever
//    (rule-based understanding, BM25, grouping into the top 30 papers) one after another: p50/p95/max.
// 3. With --million: grows the corpus to `--target-passages` synthetic passages (titles and texts of real
//    papers recombined), refreshes the statistics and repeats the query timing.
// --existing only times the queries on the database a --keep run left behind (`--database` names it, so a
// kept 1M-passage database survives 23k runs under another name).
// The database is dropped at the end unless --keep. Asserts nothing.
import path from "node:path";
import { parseArgs } from "node:util";
import { ingestFiles } from "@/lib/corpus/ingest-files";
import { refreshTermStats } from "@/lib/corpus/term-stats";
import { percentile } from "@/lib/retrieval/eval-metrics";
import { retrieveLocal } from "@/lib/retrieval/local-retriever";
import { freshDatabase, paperFiles, readJsonl, say, sharedDir } from "./common";

const args = parseArgs({
  options: {
    server: { type: "string" },
    queries: { type: "string" },
    million: { type: "boolean" },
    "target-passages": { type: "string" },
    keep: { type: "boolean" },
    existing: { type: "boolean" },
    database: { type: "string" },
    "million-queries": { type: "string" },
  },
}).values;
const server = args.server ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const queryCount = Number(args.queries ?? 1000);
const targetPassages = Number(args["target-passages"] ?? 1_000_000);
const database = args.database ?? "retrieval_bench_speed";

function questions(n: number): string[] {
  const dir = path.join(sharedDir(), "corpus", "questions");
  const all = ["scholarqa_bio_questions.jsonl", "scholarqa_neuro_questions.jsonl", "pubmedqa_pqal_questions.jsonl"].flatMap((f) =>
    readJsonl<{ question: string }>(path.join(dir, f)).map((q) => q.question),
  );
  // Interleave the sets so any prefix mixes them.
  const mixed = all.map((q, i) => ({ q, key: (i * 2654435761) % 4294967296 })).sort((a, b) => a.key - b.key).map((x) => x.q);
  return mixed.slice(0, n);
}

async function timeQueries(pool: import("pg").Pool, label: string, list: string[]) {
  for (const q of list.slice(0, 20)) await retrieveLocal(pool, q, { topN: 30, maxPassages: 60 });
  const ms: number[] = [];
  let empty = 0;
  for (const q of list) {
    const started = performance.now();
    const result = await retrieveLocal(pool, q, { topN: 30, maxPassages: 60 });
    ms.push(performance.now() - started);
    if (result.references.length === 0) empty++;
  }
  ms.sort((a, b) => a - b);
  const line = `${label}: ${list.length} queries, p50 ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms, max ${ms[ms.length - 1].toFixed(1)} ms, empty results ${empty}`;
  say(line);
  return line;
}

async function main() {
  const out: string[] = [];
  if (args.existing) {
    const url = new URL(server);
    url.pathname = `/${database}`;
    const pool = new (await import("pg")).default.Pool({ connectionString: url.toString(), max: 4 });
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Passage"`);
    console.log(await timeQueries(pool, `${rows[0].n} passages`, questions(queryCount)));
    await pool.end();
    return;
  }
  const db = await freshDatabase(server, database);
  const files = paperFiles();
  const first = await ingestFiles(db.pool, files, { batchSize: 1000 });
  out.push(`ingest: ${first.papersRead} papers in ${(first.ms / 1000).toFixed(1)} s = ${Math.round(first.papersRead / (first.ms / 1000))} papers/s (stats refresh included)`);
  say(out[out.length - 1]);
  const again = await ingestFiles(db.pool, files, { batchSize: 1000 });
  out.push(`re-ingest (unchanged ${again.unchanged}): ${(again.ms / 1000).toFixed(1)} s = ${Math.round(again.papersRead / (again.ms / 1000))} papers/s`);
  say(out[out.length - 1]);
  await db.pool.query("ANALYZE");
  const list = questions(queryCount);
  out.push(await timeQueries(db.pool, "23k papers", list));

  if (args.million) {
    const { rows } = await db.pool.query<{ n: number; maxid: number }>(`SELECT count(*)::int AS n, max(id) AS maxid FROM "Passage"`);
    const copies = Math.ceil((targetPassages - rows[0].n) / rows[0].n);
    say(`generating ${copies} synthetic copies of ${rows[0].n} passages…`);
    const started = performance.now();
    await db.pool.query(`DROP INDEX "Passage_tsv_idx"`);
    for (let g = 1; g <= copies; g++) {
      await db.pool.query(
        `WITH src AS (SELECT id, title, authors, year, "fieldsOfStudy", categories FROM "Paper" WHERE source <> 'synthetic')
         INSERT INTO "Paper" ("externalId", source, title, authors, year, abstract, "fieldsOfStudy", categories, "updatedAt")
         SELECT 'synth:' || $1::int || ':' || id, 'synthetic', title, authors, year, '', "fieldsOfStudy", categories, now() FROM src`,
        [g],
      );
      // Each synthetic paper gets the title of one real paper and the passage text of another.
      await db.pool.query(
        `INSERT INTO "Passage" ("paperId", ordinal, section, text, tsv)
         SELECT p.id, 0, 'abstract', s.text, setweight(to_tsvector('english', p.title), 'A') || setweight(to_tsvector('english', s.text), 'B')
         FROM "Paper" p JOIN "Passage" s ON s.id = 1 + ((p.id::bigint * 7919) % $2::int)
         WHERE p."externalId" LIKE 'synth:' || $1::int || ':%'`,
        [g, rows[0].maxid],
      );
      say(`  copy ${g}/${copies} (${Math.round((performance.now() - started) / 1000)} s)`);
    }
    await db.pool.query(`CREATE INDEX "Passage_tsv_idx" ON "Passage" USING GIN ("tsv")`);
    await refreshTermStats(db.pool);
    await db.pool.query("ANALYZE");
    const { rows: size } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Passage"`);
    out.push(`generated corpus: ${size[0].n} passages in ${Math.round((performance.now() - started) / 1000)} s`);
    say(out[out.length - 1]);
    out.push(await timeQueries(db.pool, `${size[0].n} passages`, list.slice(0, Number(args["million-queries"] ?? queryCount))));
  }
  console.log(out.join("\n"));
  if (args.keep) await db.pool.end();
  else await db.drop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
