import type { Db } from "@/lib/db";
import { replayedLength } from "./replayed-length";

type Client = Pick<Db, "response">;

/** Whether a re-annotation copy is still replaying its answers (it then counts as a battle being answered). */
export async function isReplaying(db: Client, battleId: string, createdAt: Date, now = Date.now()): Promise<boolean> {
  const responses = await db.response.findMany({ where: { battleId }, select: { text: true, firstTokenMs: true, totalMs: true } });
  const elapsed = now - createdAt.getTime();
  return responses.some((r) => replayedLength(r.text, elapsed, r) < r.text.length);
}
