import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { z } from "zod";
import { apiKeyEnvSchema, callOptionsSchema, PROVIDERS, requiredKeyEnv } from "@/lib/ai/model-options";
import type { ModelDefinition } from "./model-definition";

// The models file: which models take part in the arena and how to call them. JSON or YAML, validated
// with zod; every problem is reported with its place in the file. See models.example.json and the
// README's Models section.

const DEMO_STYLES = ["careful", "terse", "loose"];

const modelEntrySchema = z
  .object({
    slug: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, "must be 1-63 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit"),
    displayName: z.string().trim().min(1).max(100),
    organization: z.string().trim().min(1).max(100),
    license: z.enum(["open", "proprietary"], { error: 'must be "open" or "proprietary"' }),
    provider: z.enum(PROVIDERS, { error: `must be one of: ${PROVIDERS.join(", ")}` }),
    /** The provider's own model id, e.g. "gpt-4.1", "claude-sonnet-4-5", "meta-llama/Llama-3.3-70B-Instruct". */
    providerModel: z.string().trim().min(1).max(200),
    baseURL: z.string().url().optional(),
    /** Name of the environment variable holding this model's key (never the key itself). */
    apiKeyEnv: apiKeyEnvSchema.optional(),
    options: callOptionsSchema.default({}),
    /** USD per million tokens. */
    pricePerMillion: z
      .object({ input: z.number().min(0), output: z.number().min(0) })
      .strict()
      .default({ input: 0, output: 0 }),
    /** Relative sampling weight in pairing; 0 keeps the model out of battles. */
    weight: z.number().min(0).max(1000).default(1),
    active: z.boolean().default(true),
  })
  .strict()
  .superRefine((m, ctx) => {
    const problem = (pathTail: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path: pathTail, message });
    const o = m.options;
    if (m.provider === "openai-compatible" && !m.baseURL) {
      problem(["baseURL"], "is required for provider openai-compatible (e.g. http://localhost:8000/v1 for vLLM)");
    }
    if (m.provider === "offline-demo") {
      if (!DEMO_STYLES.includes(m.providerModel)) problem(["providerModel"], `must be one of ${DEMO_STYLES.join(", ")} for offline-demo`);
      if (m.baseURL || m.apiKeyEnv) problem([], "offline-demo models take no baseURL or apiKeyEnv");
    }
    if (o.api && m.provider !== "openai") problem(["options", "api"], "applies to provider openai only");
    if ((o.reasoningTag || o.startWithReasoning !== undefined) && m.provider !== "openai-compatible") {
      problem(["options", "reasoningTag"], "applies to provider openai-compatible only");
    }
    if (o.startWithReasoning && !o.reasoningTag) problem(["options", "startWithReasoning"], "needs options.reasoningTag");
    if (o.thinkingBudget !== undefined) {
      if (m.provider === "anthropic" && o.thinkingBudget > 0 && o.thinkingBudget < 1024) {
        problem(["options", "thinkingBudget"], "must be at least 1024 for Anthropic (or 0 to turn thinking off)");
      }
      if (!["anthropic", "google"].includes(m.provider)) problem(["options", "thinkingBudget"], "applies to anthropic and google; use reasoningEffort for OpenAI-style models");
    }
    if (o.reasoningEffort) {
      const allowed: Record<string, string[]> = {
        openai: ["none", "minimal", "low", "medium", "high", "xhigh"],
        "openai-compatible": ["none", "minimal", "low", "medium", "high", "xhigh"],
        anthropic: ["low", "medium", "high", "xhigh"],
        google: ["minimal", "low", "medium", "high"],
        "offline-demo": [],
      };
      if (!allowed[m.provider].includes(o.reasoningEffort)) {
        problem(["options", "reasoningEffort"], `must be one of ${allowed[m.provider].join(", ") || "(none)"} for ${m.provider}`);
      }
    }
    if (o.firstTokenTimeoutMs && o.totalTimeoutMs && o.firstTokenTimeoutMs > o.totalTimeoutMs) {
      problem(["options", "firstTokenTimeoutMs"], "must not exceed options.totalTimeoutMs");
    }
  });

export const modelsFileSchema = z
  .object({
    $schema: z.string().optional(),
    models: z.array(modelEntrySchema).min(1, "must list at least one model"),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.models.forEach((m, i) => {
      if (seen.has(m.slug)) ctx.addIssue({ code: "custom", path: ["models", i, "slug"], message: `"${m.slug}" is already used by models[${seen.get(m.slug)}]` });
      else seen.set(m.slug, i);
    });
  });

export type ModelsFile = z.infer<typeof modelsFileSchema>;
export type ModelEntry = ModelsFile["models"][number];

export class ModelsFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.length === 1 ? problems[0] : `${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`}`);
    this.name = "ModelsFileError";
  }
}

function describePath(value: unknown, issuePath: PropertyKey[]): string {
  let out = "";
  let node: unknown = value;
  for (const key of issuePath) {
    if (typeof key === "number") {
      out += `[${key}]`;
      node = Array.isArray(node) ? node[key] : undefined;
      const slug = (node as { slug?: unknown } | undefined)?.slug;
      if (typeof slug === "string") out += ` ("${slug}")`;
    } else {
      out += `${out ? "." : ""}${String(key)}`;
      node = node && typeof node === "object" ? (node as Record<string, unknown>)[key as string] : undefined;
    }
  }
  return out || "(top level)";
}

/** Parses and validates the text of a models file; `name` decides JSON or YAML and labels errors. */
export function parseModelsFile(text: string, name: string): ModelsFile {
  let data: unknown;
  const yaml = /\.ya?ml$/i.test(name);
  try {
    if (yaml) {
      const doc = YAML.parseDocument(text, { prettyErrors: true });
      if (doc.errors.length) throw new Error(doc.errors.map((e) => e.message).join("; "));
      data = doc.toJS();
    } else {
      data = JSON.parse(text);
    }
  } catch (error) {
    throw new ModelsFileError(name, [`not valid ${yaml ? "YAML" : "JSON"}: ${(error as Error).message}`]);
  }
  if (Array.isArray(data)) data = { models: data };
  const parsed = modelsFileSchema.safeParse(data);
  if (!parsed.success) {
    throw new ModelsFileError(
      name,
      parsed.error.issues.map((issue) => `${describePath(data, issue.path)}: ${issue.message}`),
    );
  }
  return parsed.data;
}

export function loadModelsFile(file: string): ModelsFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ModelsFileError(file, [`cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]);
  }
  return parseModelsFile(text, file);
}

const DEFAULT_NAMES = ["models.json", "models.yaml", "models.yml"];

/** The models file to use: MODELS_FILE when set (it must exist), else the first default name present. */
export function findModelsFile(configured: string | undefined, cwd = process.cwd()): string | null {
  if (configured) {
    const file = path.resolve(cwd, configured);
    if (!existsSync(file)) throw new ModelsFileError(configured, ["MODELS_FILE points to a file that does not exist"]);
    return file;
  }
  for (const name of DEFAULT_NAMES) {
    const file = path.join(cwd, name);
    if (existsSync(file)) return file;
  }
  return null;
}

export interface CatalogEntry {
  definition: ModelDefinition;
  /** Why the model is inactive, when it is. */
  inactiveReason: string | null;
  keyEnv: string | null;
}

/**
 * Turns file entries into model definitions. A model whose key is missing is kept but inactive, with the
 * reason, so that the operator sees it at start and the app still runs. Key values are never returned.
 */
export function toCatalog(file: ModelsFile, hasSecret: (name: string) => boolean): CatalogEntry[] {
  return file.models.map((m) => {
    const keyEnv = requiredKeyEnv(m.provider, { apiKeyEnv: m.apiKeyEnv });
    let inactiveReason: string | null = null;
    if (!m.active) inactiveReason = "active is false in the models file";
    else if (keyEnv && !hasSecret(keyEnv)) inactiveReason = `${keyEnv} is not set`;
    const options = {
      ...m.options,
      ...(m.baseURL ? { baseURL: m.baseURL } : {}),
      ...(m.apiKeyEnv ? { apiKeyEnv: m.apiKeyEnv } : {}),
    };
    return {
      keyEnv,
      inactiveReason,
      definition: {
        slug: m.slug,
        displayName: m.displayName,
        organization: m.organization,
        license: m.license === "open" ? "OPEN" : "PROPRIETARY",
        provider: m.provider,
        providerModel: m.providerModel,
        costPer1kIn: m.pricePerMillion.input / 1000,
        costPer1kOut: m.pricePerMillion.output / 1000,
        options,
        weight: m.weight,
        active: inactiveReason === null,
      },
    };
  });
}
