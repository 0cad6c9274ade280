import { getDb } from "@/lib/db";

export async function getCorpusStatus(): Promise<{ papers: number; activeModels: number }> {
  const db = getDb();
  const [papers, activeModels] = await Promise.all([db.paper.count(), db.model.count({ where: { active: true } })]);
  return { papers, activeModels };
}
