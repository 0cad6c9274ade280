import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { migrate } from "@/lib/db/migrate";

export const say = (line: string) => process.stderr.write(`${line}\n`);

/** A fresh database on the server (dropped first if it exists), migrated. */
export async function freshDatabase(server: string, name: string): Promise<{ url: string; pool: pg.Pool; drop(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
  return {
    url: url.toString(),
    pool,
    async drop() {
      await pool.end();
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export function sharedDir(): string {
  return process.env.SHARED_DATA_DIR ?? "/work/shared/data";
}

export function paperFiles(): string[] {
  const dir = path.join(sharedDir(), "corpus", "papers");
  return readdirSync(dir).filter((f) => f.endsWith(".jsonl")).sort().map((f) => path.join(dir, f));
}

export function readJsonl<T>(file: string): T[] {
  return readFileSync(file, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}

export interface Claim {
  id: string;
  claim: string;
  gold: Set<string>;
}

/** The SciFact claims and their evidence abstracts, written as a shared-format JSONL to ingest. */
export function scifactClaims(): { claims: Claim[]; goldFile: string } {
  const rows = readJsonl<{ id: string; claim: string; gold_ctx: { title: string; text: string }[] }>(
    path.join(sharedDir(), "corpus", "questions", "scifact_claims_scholarqabench.jsonl"),
  );
  const docs = new Map<string, { id: string; title: string; abstract: string }>();
  const claims = rows.map((row) => {
    const gold = new Set<string>();
    for (const ctx of row.gold_ctx) {
      const id = `scifact-gold:${createHash("sha1").update(`${ctx.title}\n${ctx.text}`).digest("hex").slice(0, 16)}`;
      docs.set(id, { id, title: ctx.title, abstract: ctx.text });
      gold.add(id);
    }
    return { id: row.id, claim: row.claim, gold };
  });
  const goldFile = path.join(mkdtempSync(path.join(tmpdir(), "retrieval-bench-")), "scifact-gold.jsonl");
  writeFileSync(goldFile, [...docs.values()].map((d) => JSON.stringify({ ...d, source: "scifact-gold", field: "Medicine" })).join("\n") + "\n");
  return { claims, goldFile };
}

/** PubMedQA questions whose gold paper is in the shared corpus. */
export function pubmedQuestions(limit: number): Claim[] {
  const rows = readJsonl<{ id: string; question: string; gold_paper_ids: string[] | string }>(path.join(sharedDir(), "corpus", "questions", "pubmedqa_pqal_questions.jsonl"));
  return rows.slice(0, limit).map((r) => ({ id: r.id, claim: r.question, gold: new Set(Array.isArray(r.gold_paper_ids) ? r.gold_paper_ids : (JSON.parse(r.gold_paper_ids.replace(/'/g, '"')) as string[])) }));
}
