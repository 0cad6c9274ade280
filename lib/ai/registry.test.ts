import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { redactSecrets, resolveModel } from "./registry";

const saved = { ...process.env };
const settings = { demoTokenDelayMs: 0 };

beforeEach(() => {
  for (const key of ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GOOGLE_GENERATIVE_AI_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_BASE_URL", "MY_GATEWAY_KEY"]) delete process.env[key];
  resetEnvCache();
});
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  resetEnvCache();
});

describe("resolveModel", () => {
  it("maps options to call settings and provider options", () => {
    process.env.OPENAI_API_KEY = "sk-unit-openai";
    process.env.ANTHROPIC_API_KEY = "sk-unit-anthropic";
    process.env.GOOGLE_GENERATIVE_AI_API_KEY = "g-unit";
    resetEnvCache();
    const openai = resolveModel({ provider: "openai", providerModel: "o4-mini", options: { reasoningEffort: "high", maxOutputTokens: 100 } }, settings);
    expect(openai.call).toEqual({ maxOutputTokens: 100, providerOptions: { openai: { reasoningEffort: "high" } } });
    expect(openai.endpoint).toBe("openai|default");
    expect(openai.model.provider).toBe("openai.chat");

    const anthropic = resolveModel({ provider: "anthropic", providerModel: "claude-x", options: { thinkingBudget: 2048, temperature: 0.2 } }, settings);
    expect(anthropic.call).toEqual({ temperature: 0.2, providerOptions: { anthropic: { thinking: { type: "enabled", budgetTokens: 2048 } } } });

    const google = resolveModel({ provider: "google", providerModel: "gemini-x", options: { thinkingBudget: 0 } }, settings);
    expect(google.call.providerOptions).toEqual({ google: { thinkingConfig: { includeThoughts: false, thinkingBudget: 0 } } });

    const responses = resolveModel({ provider: "openai", providerModel: "gpt-x", options: { api: "responses" } }, settings);
    expect(responses.model.provider).toBe("openai.responses");
  });

  it("takes a model's base URL over the provider's, and the provider's over the default", () => {
    process.env.OPENAI_API_KEY = "sk-unit-openai";
    process.env.OPENAI_BASE_URL = "http://proxy.local/v1";
    resetEnvCache();
    expect(resolveModel({ provider: "openai", providerModel: "gpt-x" }, settings).endpoint).toBe("openai|http://proxy.local/v1");
    expect(resolveModel({ provider: "openai", providerModel: "gpt-x", options: { baseURL: "http://own.local/v1" } }, settings).endpoint).toBe("openai|http://own.local/v1");
  });

  it("needs the key of the provider or of apiKeyEnv, but none for a keyless compatible endpoint", () => {
    expect(() => resolveModel({ slug: "m", provider: "anthropic", providerModel: "claude-x" }, settings)).toThrow("model m: ANTHROPIC_API_KEY is not set");
    expect(() => resolveModel({ slug: "g", provider: "openai-compatible", providerModel: "x", options: { baseURL: "http://gw.local/v1", apiKeyEnv: "MY_GATEWAY_KEY" } }, settings)).toThrow(
      "MY_GATEWAY_KEY is not set",
    );
    const local = resolveModel({ provider: "openai-compatible", providerModel: "qwen", options: { baseURL: "http://localhost:8000/v1", reasoningTag: "think" } }, settings);
    expect(local.endpoint).toBe("compatible|http://localhost:8000/v1");
    expect(() => resolveModel({ slug: "bad", provider: "openai", providerModel: "x", options: { temperature: 9 } }, settings)).toThrow(/model bad: invalid options/);
    expect(() => resolveModel({ provider: "offline-demo", providerModel: "chatty" }, settings)).toThrow(/Unknown demo model/);
  });

  it("redacts configured key values from texts", () => {
    process.env.MY_GATEWAY_KEY = "gw-secret-value-123";
    process.env.OPENAI_API_KEY = "sk-unit-openai-456";
    resetEnvCache();
    resolveModel({ provider: "openai-compatible", providerModel: "x", options: { baseURL: "http://gw.local/v1", apiKeyEnv: "MY_GATEWAY_KEY" } }, settings);
    expect(redactSecrets("bad key gw-secret-value-123 and sk-unit-openai-456")).toBe("bad key [redacted] and [redacted]");
  });
});
