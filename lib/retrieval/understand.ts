import { generateJson } from "@/lib/ai/llm-json";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { REWRITE_SYSTEM, rewriteReplySchema, understoodFromReply } from "./llm-rewrite";
import { understandQueryByRules, type UnderstoodQuery } from "./understand-query";

/**
 * The question as a search: by the model QUERY_REWRITE_MODEL names when set, else (and whenever that
 * model fails, times out or replies with nonsense) by the deterministic rules.
 */
export async function understandQuestion(question: string): Promise<UnderstoodQuery & { fallbackReason?: string }> {
  const env = getEnv();
  const slug = env.QUERY_REWRITE_MODEL;
  if (!slug) return understandQueryByRules(question);
  try {
    const record = await getDb().model.findUnique({ where: { slug } });
    if (!record) throw new Error(`QUERY_REWRITE_MODEL "${slug}" is not a known model slug`);
    const reply = await generateJson({
      record,
      system: REWRITE_SYSTEM,
      prompt: `Question: ${question.slice(0, 4000)}`,
      schema: rewriteReplySchema,
      timeoutMs: env.QUERY_REWRITE_TIMEOUT_MS,
    });
    return understoodFromReply(reply, slug);
  } catch (error) {
    const reason = String((error as Error)?.message ?? error).slice(0, 300);
    log.warn("query rewrite failed; using the rules", { model: slug, error: reason });
    return { ...understandQueryByRules(question), fallbackReason: reason };
  }
}
