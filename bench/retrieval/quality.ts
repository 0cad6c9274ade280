// Retrieval quality, run by hand (never in CI):
//   npx tsx bench/retrieval/quality.ts [--server postgresql://postgres@127.0.0.1:5432/postgres] [--keep] [--skip-ts-rank]
// Ingests the shared corpus (23k papers) plus the SciFact evidence abstracts (gold_ctx) into a fresh
// database `retrieval_bench`, then queries with each SciFact claim (and PubMedQA questions, whose gold paper
// is in the corpus) and reports recall@10, nDCG@10 and MRR at paper level for the local retriever's ranking
// variants and, side by side, a plain BM25 baseline from wink-bm25-text-search over the same papers.
// Also prints the ingest rate. Asserts nothing.
import { parseArgs } from "node:util";
import winkUtils from "wink-nlp-utils";
import bm25 from "wink-bm25-text-search";
import { ingestFiles } from "@/lib/corpus/ingest-files";
import { buildReferences } from "@/lib/retrieval/build-references";
import { ndcgAt, recallAt, reciprocalRank } from "@/lib/retrieval/eval-metrics";
import { searchLocal, type LocalRanking } from "@/lib/retrieval/local-retriever";
import { fuseWithLexical } from "@/lib/retrieval/rerank/fuse-lexical";
import { understandQueryByRules } from "@/lib/retrieval/understand-query";
import { freshDatabase, paperFiles, pubmedQuestions, readJsonl, say, scifactClaims, type Claim } from "./common";

const args = parseArgs({ options: { server: { type: "string" }, keep: { type: "boolean" }, "skip-ts-rank": { type: "boolean" } } }).values;
const server = args.server ?? "postgresql://postgres@127.0.0.1:5432/postgres";

type Ranker = (claim: string) => Promise<string[]>;

async function main() {
  const db = await freshDatabase(server, "retrieval_bench");
  const { claims, goldFile } = scifactClaims();
  const files = [...paperFiles(), goldFile];
  say(`ingesting ${files.length} files…`);
  const summary = await ingestFiles(db.pool, files, { batchSize: 1000 });
  const rate = summary.papersRead / (summary.ms / 1000);
  say(`ingest: ${summary.papersRead} papers in ${(summary.ms / 1000).toFixed(1)} s = ${Math.round(rate)} papers/s (inserted ${summary.inserted}, skipped ${summary.skipped})`);
  await db.pool.query("ANALYZE");

  // Baseline: plain BM25 over title + abstract of the same papers.
  const engine = bm25();
  engine.defineConfig({ fldWeights: { title: 1, body: 1 } });
  engine.definePrepTasks([winkUtils.string.lowerCase, winkUtils.string.tokenize0, winkUtils.tokens.removeWords, winkUtils.tokens.stem]);
  for (const file of files) {
    for (const p of readJsonl<{ id: string; title?: string; abstract?: string }>(file)) {
      if (p.title && p.abstract) engine.addDoc({ title: p.title, body: p.abstract }, p.id);
    }
  }
  engine.consolidate();

  const { rows } = await db.pool.query<{ id: number; externalId: string }>(`SELECT id, "externalId" FROM "Paper"`);
  const externalOf = new Map(rows.map((r) => [r.id, r.externalId]));
  const local = (ranking: LocalRanking, normalization: number, lexical: boolean): Ranker => async (claim) => {
    const understood = understandQueryByRules(claim);
    const found = await searchLocal(db.pool, understood, 90, { ranking, rankNormalization: normalization });
    const ranked = lexical ? fuseWithLexical(understood.keywords, found.ranked, (p) => found.papers.get(p.paperId)?.title ?? "") : found.ranked;
    return buildReferences(ranked, found.papers, { topN: 30 }).map((r) => externalOf.get(r.paperId)!);
  };
  const rankers: [string, Ranker][] = [
    ["bm25 (wink-bm25-text-search, baseline)", async (claim) => engine.search(claim, 30).map(([id]) => String(id))],
    ["local BM25 from corpus statistics (default)", local("bm25", 1, false)],
    ["local BM25 + lexical fusion over candidates", local("bm25", 1, true)],
    ...(args["skip-ts-rank"]
      ? []
      : [
          ...[0, 1].map((n): [string, Ranker] => [`ts_rank_cd norm ${n}`, local("ts_rank_cd", n, false)]),
          ["ts_rank_cd norm 1 + lexical fusion over candidates", local("ts_rank_cd", 1, true)] as [string, Ranker],
        ]),
  ];

  const sets: [string, Claim[]][] = [
    ["SciFact claims (gold_ctx)", claims],
    ["PubMedQA questions (first 300)", pubmedQuestions(300)],
  ];
  const lines: string[] = [];
  for (const [setName, queries] of sets) {
    lines.push(`\n${setName}: ${queries.length} queries`, "| ranking | recall@10 | nDCG@10 | MRR | mean ms/query |", "|---|---|---|---|---|");
    for (const [name, rank] of rankers) {
      let recall = 0;
      let ndcg = 0;
      let mrr = 0;
      const started = performance.now();
      for (const q of queries) {
        const ranked = await rank(q.claim);
        recall += recallAt(10, ranked, q.gold);
        ndcg += ndcgAt(10, ranked, q.gold);
        mrr += reciprocalRank(ranked, q.gold);
      }
      const ms = (performance.now() - started) / queries.length;
      const n = queries.length;
      lines.push(`| ${name} | ${(recall / n).toFixed(3)} | ${(ndcg / n).toFixed(3)} | ${(mrr / n).toFixed(3)} | ${ms.toFixed(1)} |`);
      say(lines[lines.length - 1]);
    }
  }
  console.log(`ingest: ${summary.papersRead} papers, ${Math.round(rate)} papers/s`);
  console.log(lines.join("\n"));
  if (!args.keep) await db.drop();
  else await db.pool.end();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
