import { createAnthropic } from "@ai-sdk/anthropic";
import { createGoogleGenerativeAI } from "@ai-sdk/google";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { JSONObject, LanguageModelV3 } from "@ai-sdk/provider";
import { extractReasoningMiddleware, wrapLanguageModel } from "ai";
import { getEnv, readSecret } from "@/lib/env";
import { log } from "@/lib/log";
import type { DemoStyle } from "./demo/compose-answer";
import { createDemoModel, DEMO_PROVIDER } from "./demo/demo-model";
import { ModelConfigError, requiredKeyEnv, storedOptionsSchema, type StoredOptions } from "./model-options";

// Turns a stored Model row into an AI SDK language model plus its call settings. Keys come from the
// environment (lib/env.ts), are passed explicitly to the provider (so no SDK reads process.env on its own)
// and are never logged.

export interface ModelRecord {
  slug?: string;
  provider: string;
  providerModel: string;
  options?: unknown;
}

export { ModelConfigError };

export interface ResolvedModel {
  model: LanguageModelV3;
  /** Settings for streamText/generateText. */
  call: {
    temperature?: number;
    topP?: number;
    maxOutputTokens?: number;
    providerOptions?: Record<string, JSONObject>;
  };
  /** Requests to the same endpoint share a concurrency limit. */
  endpoint: string;
  maxConcurrency?: number;
  firstTokenTimeoutMs?: number;
  totalTimeoutMs?: number;
}

const DEMO_STYLES: DemoStyle[] = ["careful", "terse", "loose"];

const STANDARD_KEYS = ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GOOGLE_GENERATIVE_AI_API_KEY"] as const;

/** A key by its environment variable name; undefined when unset. */
export function resolveKey(name: string): string | undefined {
  if ((STANDARD_KEYS as readonly string[]).includes(name)) return getEnv()[name as (typeof STANDARD_KEYS)[number]];
  return readSecret(name);
}

export function hasKey(name: string): boolean {
  return resolveKey(name) !== undefined;
}

const keyNamesInUse = new Set<string>(STANDARD_KEYS);

/** Replaces every configured key value in a text (an error body echoing a key) with [redacted]. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const name of keyNamesInUse) {
    const value = resolveKey(name);
    if (value && value.length >= 6) out = out.split(value).join("[redacted]");
  }
  return out;
}

// The AI SDK prints call warnings (e.g. "temperature is not supported for reasoning models") to the
// console; route them through our structured log instead.
(globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS = (options: { warnings: unknown[]; provider: string; model: string }) => {
  log.debug("model call warnings", { provider: options.provider, model: options.model, warnings: options.warnings });
};

export function parseStoredOptions(record: ModelRecord): StoredOptions {
  const parsed = storedOptionsSchema.safeParse(record.options ?? {});
  if (!parsed.success) {
    throw new ModelConfigError(
      `model ${record.slug ?? record.providerModel}: invalid options (${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")})`,
    );
  }
  return parsed.data;
}

export interface ResolveSettings {
  demoTokenDelayMs: number;
  demoFirstTokenDelayMs?: number;
}

export function resolveModel(record: ModelRecord, settings: ResolveSettings): ResolvedModel {
  const options = parseStoredOptions(record);
  const limits = {
    maxConcurrency: options.maxConcurrency,
    firstTokenTimeoutMs: options.firstTokenTimeoutMs,
    totalTimeoutMs: options.totalTimeoutMs,
  };
  const call: ResolvedModel["call"] = {
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.topP !== undefined ? { topP: options.topP } : {}),
    ...(options.maxOutputTokens !== undefined ? { maxOutputTokens: options.maxOutputTokens } : {}),
  };
  const name = record.slug ?? record.providerModel;

  if (record.provider === DEMO_PROVIDER) {
    const style = record.providerModel as DemoStyle;
    if (!DEMO_STYLES.includes(style)) throw new ModelConfigError(`Unknown demo model "${record.providerModel}".`);
    const model = createDemoModel(style, { tokenDelayMs: settings.demoTokenDelayMs, firstTokenDelayMs: settings.demoFirstTokenDelayMs });
    return { model, call, endpoint: DEMO_PROVIDER, ...limits };
  }

  const env = getEnv();
  const keyEnv = requiredKeyEnv(record.provider, options);
  if (keyEnv) keyNamesInUse.add(keyEnv);
  const apiKey = keyEnv ? resolveKey(keyEnv) : undefined;
  if (keyEnv && !apiKey) throw new ModelConfigError(`model ${name}: ${keyEnv} is not set`);

  switch (record.provider) {
    case "openai": {
      const baseURL = options.baseURL ?? env.OPENAI_BASE_URL;
      const provider = createOpenAI({ apiKey, baseURL });
      const model = options.api === "responses" ? provider.responses(record.providerModel) : provider.chat(record.providerModel);
      if (options.reasoningEffort) call.providerOptions = { openai: { reasoningEffort: options.reasoningEffort } };
      return { model, call, endpoint: `openai|${baseURL ?? "default"}`, ...limits };
    }
    case "anthropic": {
      const baseURL = options.baseURL ?? env.ANTHROPIC_BASE_URL;
      const provider = createAnthropic({ apiKey, baseURL });
      const anthropic: JSONObject = {};
      if (options.thinkingBudget !== undefined) {
        anthropic.thinking = options.thinkingBudget > 0 ? { type: "enabled", budgetTokens: options.thinkingBudget } : { type: "disabled" };
      }
      if (options.reasoningEffort) anthropic.effort = options.reasoningEffort;
      if (Object.keys(anthropic).length) call.providerOptions = { anthropic };
      return { model: provider(record.providerModel), call, endpoint: `anthropic|${baseURL ?? "default"}`, ...limits };
    }
    case "google": {
      const baseURL = options.baseURL ?? env.GOOGLE_GENERATIVE_AI_BASE_URL;
      const provider = createGoogleGenerativeAI({ apiKey, baseURL });
      const thinkingConfig: JSONObject = { includeThoughts: false };
      if (options.thinkingBudget !== undefined) thinkingConfig.thinkingBudget = options.thinkingBudget;
      if (options.reasoningEffort) thinkingConfig.thinkingLevel = options.reasoningEffort;
      if (options.thinkingBudget !== undefined || options.reasoningEffort) call.providerOptions = { google: { thinkingConfig } };
      return { model: provider(record.providerModel), call, endpoint: `google|${baseURL ?? "default"}`, ...limits };
    }
    case "openai-compatible": {
      if (!options.baseURL) throw new ModelConfigError(`model ${name}: openai-compatible needs a baseURL`);
      const provider = createOpenAICompatible({ name: "compatible", baseURL: options.baseURL, apiKey, includeUsage: true });
      let model: LanguageModelV3 = provider.chatModel(record.providerModel);
      if (options.reasoningTag) {
        model = wrapLanguageModel({
          model,
          middleware: extractReasoningMiddleware({ tagName: options.reasoningTag, startWithReasoning: options.startWithReasoning ?? false }),
        });
      }
      if (options.reasoningEffort) call.providerOptions = { compatible: { reasoningEffort: options.reasoningEffort } };
      return { model, call, endpoint: `compatible|${options.baseURL}`, ...limits };
    }
    default:
      throw new ModelConfigError(`model ${name}: provider "${record.provider}" is not supported`);
  }
}

/** Just the language model (kept for callers that need no settings). */
export function resolveLanguageModel(record: ModelRecord, settings: ResolveSettings): LanguageModelV3 {
  return resolveModel(record, settings).model;
}
