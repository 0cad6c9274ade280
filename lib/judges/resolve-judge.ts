import type { LanguageModelV3 } from "@ai-sdk/provider";
import { createDemoJudge, DEMO_JUDGE_MODEL_ID, DEMO_JUDGE_SLUG } from "@/lib/ai/demo/demo-judge";
import { DEMO_PROVIDER } from "@/lib/ai/demo/demo-model";
import { resolveLanguageModel, type ModelRecord } from "@/lib/ai/registry";
import type { Db } from "@/lib/db";

// A judge is named by model slug: the built-in offline demo judge, or any model the registry knows
// (the Model table, which the models file is synced into when the app starts). Resolution goes through
// lib/ai/registry, so every provider configured there can judge.

export interface ResolvedJudge {
  slug: string;
  provider: string;
  providerModel: string;
  model: LanguageModelV3;
  /** Identity in the judgement cache: a different model behind the same slug is a different judge. */
  cacheIdentity: string;
}

export class JudgeNotFoundError extends Error {}

export function isBuiltInJudge(slug: string): boolean {
  return slug === DEMO_JUDGE_SLUG;
}

export async function resolveJudge(slug: string, db: () => Promise<Db>): Promise<ResolvedJudge> {
  if (isBuiltInJudge(slug)) {
    return { slug, provider: DEMO_PROVIDER, providerModel: DEMO_JUDGE_MODEL_ID, model: createDemoJudge(), cacheIdentity: `${slug}|${DEMO_PROVIDER}|${DEMO_JUDGE_MODEL_ID}` };
  }
  const client = await db();
  const row = await client.model.findUnique({ where: { slug } });
  if (!row) {
    const known = await client.model.findMany({ select: { slug: true }, orderBy: { slug: "asc" } });
    throw new JudgeNotFoundError(
      `unknown judge "${slug}": use ${DEMO_JUDGE_SLUG} (built in) or a configured model slug (${known.map((m) => m.slug).join(", ") || "none registered yet; start the app once to register the models file"})`,
    );
  }
  // The whole row (slug, options, …) goes to the registry, which takes what its providers need.
  const record: ModelRecord & { slug: string; options: unknown } = row;
  const model = resolveLanguageModel(record, { demoTokenDelayMs: 0 });
  return { slug, provider: row.provider, providerModel: row.providerModel, model, cacheIdentity: `${slug}|${row.provider}|${row.providerModel}` };
}
