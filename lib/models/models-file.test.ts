import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ModelsFileError, parseModelsFile, toCatalog } from "./models-file";

const minimal = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    models: [
      { slug: "m1", displayName: "M1", organization: "Org", license: "open", provider: "offline-demo", providerModel: "careful" },
      { slug: "m2", displayName: "M2", organization: "Org", license: "proprietary", provider: "openai", providerModel: "gpt-x", ...extra },
    ],
  });

function problems(text: string, name = "models.json"): string[] {
  try {
    parseModelsFile(text, name);
  } catch (error) {
    expect(error).toBeInstanceOf(ModelsFileError);
    return (error as ModelsFileError).problems;
  }
  throw new Error("expected the file to be refused");
}

describe("models file", () => {
  it("accepts the documented example", () => {
    const file = parseModelsFile(readFileSync(path.join(process.cwd(), "models.example.json"), "utf8"), "models.example.json");
    expect(file.models.length).toBeGreaterThanOrEqual(5);
    expect(new Set(file.models.map((m) => m.provider))).toEqual(new Set(["openai", "anthropic", "google", "openai-compatible", "offline-demo"]));
  });

  it("reads YAML too, and a bare list of models", () => {
    const yaml = `models:\n  - slug: y1\n    displayName: Y\n    organization: O\n    license: open\n    provider: offline-demo\n    providerModel: terse\n`;
    expect(parseModelsFile(yaml, "models.yaml").models[0].slug).toBe("y1");
    expect(parseModelsFile(JSON.stringify(JSON.parse(minimal()).models), "models.json").models).toHaveLength(2);
  });

  it("fills defaults and converts prices per million to the per-1,000 columns", () => {
    const file = parseModelsFile(minimal({ pricePerMillion: { input: 3, output: 15 }, baseURL: "http://proxy.local/v1" }), "models.json");
    const [demo, openai] = toCatalog(file, () => true);
    expect(demo.definition).toMatchObject({ weight: 1, active: true, costPer1kIn: 0, license: "OPEN" });
    expect(openai.definition).toMatchObject({ costPer1kIn: 0.003, costPer1kOut: 0.015, license: "PROPRIETARY", options: { baseURL: "http://proxy.local/v1" } });
    expect(openai.keyEnv).toBe("OPENAI_API_KEY");
  });

  it("leaves a model without its key inactive, with the reason, and never looks at key values", () => {
    const file = parseModelsFile(minimal({ apiKeyEnv: "MY_PROXY_KEY" }), "models.json");
    const asked: string[] = [];
    const catalog = toCatalog(file, (name) => (asked.push(name), false));
    expect(asked).toEqual(["MY_PROXY_KEY"]);
    expect(catalog[0]).toMatchObject({ inactiveReason: null, definition: { active: true } });
    expect(catalog[1]).toMatchObject({ inactiveReason: "MY_PROXY_KEY is not set", definition: { active: false } });
    const off = toCatalog(parseModelsFile(minimal({ active: false }), "models.json"), () => true);
    expect(off[1].inactiveReason).toMatch(/active is false/);
  });

  it.each([
    [{ provider: "azure" }, /models\[1\] \("m2"\)\.provider: must be one of/],
    [{ options: { temperature: 3 } }, /models\[1\] \("m2"\)\.options\.temperature: Too big/],
    [{ options: { temprature: 0.2 } }, /options: Unrecognized key.*temprature/],
    [{ provider: "openai-compatible" }, /baseURL: is required for provider openai-compatible/],
    [{ apiKeyEnv: "sk-live-123" }, /apiKeyEnv: must be an environment variable name/],
    [{ provider: "anthropic", options: { thinkingBudget: 500 } }, /thinkingBudget: must be at least 1024/],
    [{ options: { thinkingBudget: 2000 } }, /thinkingBudget: applies to anthropic and google/],
    [{ provider: "google", options: { reasoningEffort: "xhigh" } }, /reasoningEffort: must be one of minimal, low, medium, high for google/],
    [{ options: { api: "responses" }, provider: "anthropic" }, /api: applies to provider openai only/],
    [{ pricePerMillion: { input: -1, output: 1 } }, /pricePerMillion\.input: Too small/],
    [{ slug: "M 2" }, /slug: must be 1-63 characters/],
    [{ slug: "m1" }, /models\[1\] \("m1"\)\.slug: "m1" is already used by models\[0\]/],
  ])("refuses %j with a clear message", (extra, message) => {
    expect(problems(minimal(extra)).join("\n")).toMatch(message);
  });

  it("reports syntax errors with the file name", () => {
    expect(problems("{ models: [", "conf/models.json")[0]).toMatch(/not valid JSON/);
    expect(() => parseModelsFile("models:\n  - slug: [", "m.yaml")).toThrow(/m\.yaml: not valid YAML/);
    expect(problems("{}")[0]).toMatch(/models: /);
  });
});
