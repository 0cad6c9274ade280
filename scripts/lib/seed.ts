import { existsSync } from "node:fs";
import path from "node:path";
import { countCorpus, expandInputPaths, ingestFiles } from "@/lib/corpus/ingest-files";
import { getPool } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { findSharedDataDir } from "@/lib/corpus/shared-data";
import { describeCatalog, syncCatalog } from "@/lib/models/sync-catalog";

/** Paths ingested on first start: SEED_CORPUS, or the shared corpus next to this checkout if present. */
export function seedCorpusPaths(): string[] {
  const configured = getEnv().SEED_CORPUS;
  if (configured !== undefined) {
    if (["", "none", "false"].includes(configured.trim())) return [];
    return configured.split(",").map((p) => p.trim()).filter(Boolean);
  }
  const shared = findSharedDataDir();
  return shared ? [path.join(shared, "corpus", "papers")] : [];
}

export async function seed(log: (line: string) => void): Promise<void> {
  for (const line of describeCatalog(await syncCatalog())) log(line);
  const pool = getPool();
  const corpus = await countCorpus(pool);
  if (corpus.papers > 0) {
    log(`corpus: ${corpus.papers.toLocaleString("en-US")} papers`);
    return;
  }
  const paths = seedCorpusPaths().filter((p) => {
    if (existsSync(p)) return true;
    log(`seed corpus path not found, skipped: ${p}`);
    return false;
  });
  if (paths.length === 0) {
    log("corpus is empty; load papers with: npm run ingest -- <papers.jsonl or folder>");
    return;
  }
  log(`corpus is empty; ingesting ${paths.join(", ")} (first start only)…`);
  const summary = await ingestFiles(pool, expandInputPaths(paths));
  log(
    `corpus: ${summary.inserted.toLocaleString("en-US")} papers loaded in ${(summary.ms / 1000).toFixed(1)} s` +
      (summary.skipped ? `, ${summary.skipped} malformed lines skipped` : ""),
  );
}
