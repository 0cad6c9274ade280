import { z } from "zod";

// What a model row stores besides its identity: where and how to call it. Shared by the models file
// (validated at start) and the runtime registry (which re-validates what it reads from the database).

export const PROVIDERS = ["openai", "anthropic", "google", "openai-compatible", "offline-demo"] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export const REASONING_EFFORTS = ["none", "minimal", "low", "medium", "high", "xhigh"] as const;

const envName = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,127}$/, "must be an environment variable name in upper case (A-Z, 0-9, _), not the key itself");

export const callOptionsSchema = z
  .object({
    temperature: z.number().min(0).max(2).optional(),
    topP: z.number().gt(0).max(1).optional(),
    maxOutputTokens: z.number().int().min(1).max(1_000_000).optional(),
    /** OpenAI and OpenAI-compatible `reasoning_effort`; Anthropic `effort`; Google `thinkingLevel`. */
    reasoningEffort: z.enum(REASONING_EFFORTS).optional(),
    /** Anthropic extended thinking `budget_tokens` (>= 1024); Google `thinkingBudget` (0 turns thinking off). */
    thinkingBudget: z.number().int().min(0).max(1_000_000).optional(),
    /** OpenAI: "chat" (Chat Completions, default) or "responses" (Responses API). */
    api: z.enum(["chat", "responses"]).optional(),
    /** OpenAI-compatible: reasoning returned inline between <tag> and </tag> (e.g. "think"). */
    reasoningTag: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,30}$/).optional(),
    /** OpenAI-compatible: the output starts inside the reasoning block (the chat template opened it). */
    startWithReasoning: z.boolean().optional(),
    firstTokenTimeoutMs: z.number().int().min(100).optional(),
    totalTimeoutMs: z.number().int().min(100).optional(),
    /** Concurrent requests to this model's endpoint in one app process. */
    maxConcurrency: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();

export type CallOptions = z.infer<typeof callOptionsSchema>;

/** Model.options in the database. */
export const storedOptionsSchema = callOptionsSchema
  .extend({
    baseURL: z.string().url().optional(),
    apiKeyEnv: envName.optional(),
  })
  .strict();

export type StoredOptions = z.infer<typeof storedOptionsSchema>;

export { envName as apiKeyEnvSchema };

/** The environment variable holding a model's key, or null when it needs none. */
export function requiredKeyEnv(provider: string, options: { apiKeyEnv?: string }): string | null {
  if (options.apiKeyEnv) return options.apiKeyEnv;
  switch (provider) {
    case "openai":
      return "OPENAI_API_KEY";
    case "anthropic":
      return "ANTHROPIC_API_KEY";
    case "google":
      return "GOOGLE_GENERATIVE_AI_API_KEY";
    default:
      return null;
  }
}

/** A model that cannot be called as configured. The message is for logs and Response.error only. */
export class ModelConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelConfigError";
  }
}
