import type { LanguageModelV3 } from "@ai-sdk/provider";
import { AppError } from "@/lib/errors";
import type { DemoStyle } from "./demo/compose-answer";
import { createDemoModel, DEMO_PROVIDER } from "./demo/demo-model";

export interface ModelRecord {
  provider: string;
  providerModel: string;
}

const DEMO_STYLES: DemoStyle[] = ["careful", "terse", "loose"];

/** Turns a stored Model row into an AI SDK language model. */
export function resolveLanguageModel(
  model: ModelRecord,
  settings: { demoTokenDelayMs: number; demoFirstTokenDelayMs?: number },
): LanguageModelV3 {
  if (model.provider === DEMO_PROVIDER) {
    const style = model.providerModel as DemoStyle;
    if (!DEMO_STYLES.includes(style)) {
      throw new AppError("internal", `Unknown demo model "${model.providerModel}".`);
    }
    return createDemoModel(style, {
      tokenDelayMs: settings.demoTokenDelayMs,
      firstTokenDelayMs: settings.demoFirstTokenDelayMs,
    });
  }
  throw new AppError("internal", `Provider "${model.provider}" is not configured.`);
}
