import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** Takes a model out of new battles (or back in). Its stored battles, votes and ratings stay. */
export async function setModelActive(modelId: string, active: boolean): Promise<{ id: string; active: boolean }> {
  const db = getDb();
  const updated = await db.model.updateMany({ where: { id: modelId }, data: { active } });
  if (updated.count === 0) throw new AppError("not_found", "Model not found.");
  return { id: modelId, active };
}
