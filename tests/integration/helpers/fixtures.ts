import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { DEMO_MODELS } from "@/lib/ai/demo/catalog";
import { ingestFiles } from "@/lib/corpus/ingest-files";
import { requireSharedDataDir } from "@/lib/corpus/shared-data";
import { getDb, getPool } from "@/lib/db";
import { syncModels } from "@/lib/models/sync-models";

export const SHARED_DATA = requireSharedDataDir();
export const PUBMEDQA_PAPERS = path.join(SHARED_DATA, "corpus", "papers", "pubmedqa_pqal_papers.jsonl");
export const S2ORC_PAPERS = path.join(SHARED_DATA, "corpus", "papers", "s2orc_2020_sample_papers.jsonl");

/** Demo models and a real (small) corpus; idempotent, so every file may call it. */
export async function ensureArenaData(): Promise<void> {
  await syncModels(DEMO_MODELS);
  await getDb().model.updateMany({ where: { slug: { in: DEMO_MODELS.map((m) => m.slug) } }, data: { active: true } });
  await ingestFiles(getPool(), [PUBMEDQA_PAPERS, S2ORC_PAPERS]);
}

export async function createUser(label = "researcher") {
  const id = randomUUID().slice(0, 8);
  return getDb().user.create({ data: { email: `${label}-${id}@example.org`, name: `${label} ${id}` } });
}

const sessionTokens = new Map<string, string>();

/** A real Session row for the user (one per user and test file): the token a signed-in browser's cookie holds. */
export async function sessionTokenFor(userId: string): Promise<string> {
  let token = sessionTokens.get(userId);
  if (!token) {
    token = randomBytes(32).toString("hex");
    await getDb().session.create({ data: { sessionToken: token, userId, expires: new Date(Date.now() + 24 * 60 * 60 * 1000) } });
    sessionTokens.set(userId, token);
  }
  return token;
}
