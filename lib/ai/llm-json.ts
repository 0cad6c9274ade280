import { generateText } from "ai";
import type { z } from "zod";
import { getEnv } from "@/lib/env";
import { providerLimiter } from "./concurrency";
import { redactSecrets, resolveModel, type ModelRecord } from "./registry";

// Small structured tasks for a configured helper model (question classification, citation attribution):
// one non-streaming call, the JSON in the reply validated with zod. Callers fall back to the offline
// method when this throws.

/** The first JSON object or array in a reply (models like to wrap JSON in prose or code fences). */
export function extractJson(text: string): unknown {
  const cleaned = text.replace(/<think>[\s\S]*?<\/think>/gi, "");
  const start = cleaned.search(/[[{]/);
  if (start < 0) throw new Error("the reply contains no JSON");
  const open = cleaned[start];
  const close = open === "{" ? "}" : "]";
  let depth = 0;
  let inString = false;
  for (let i = start; i < cleaned.length; i++) {
    const c = cleaned[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === open) depth++;
    else if (c === close && --depth === 0) return JSON.parse(cleaned.slice(start, i + 1));
  }
  throw new Error("the reply's JSON is incomplete");
}

export async function generateJson<S extends z.ZodType>(options: {
  record: ModelRecord;
  system: string;
  prompt: string;
  schema: S;
  timeoutMs: number;
}): Promise<z.infer<S>> {
  const env = getEnv();
  const resolved = resolveModel(options.record, { demoTokenDelayMs: 0 });
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const release = await providerLimiter().acquire(resolved.endpoint, resolved.maxConcurrency ?? env.PROVIDER_MAX_CONCURRENCY, deadline);
  try {
    const result = await generateText({
      model: resolved.model,
      system: options.system,
      prompt: options.prompt,
      abortSignal: deadline,
      maxRetries: 1,
      ...resolved.call,
      temperature: 0,
    });
    const parsed = options.schema.safeParse(extractJson(result.text));
    if (!parsed.success) throw new Error(`unexpected JSON: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    return parsed.data;
  } catch (error) {
    throw new Error(redactSecrets(String((error as Error)?.message ?? error)).slice(0, 500), { cause: error });
  } finally {
    release();
  }
}
