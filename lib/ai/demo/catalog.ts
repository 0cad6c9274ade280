import type { DemoStyle } from "./compose-answer";
import type { ModelDefinition } from "@/lib/models/model-definition";
import { DEMO_PROVIDER } from "./demo-model";

export type { ModelDefinition };

const demo = (slug: string, displayName: string, style: DemoStyle): ModelDefinition => ({
  slug,
  displayName,
  organization: "Open SciArena (offline demo)",
  license: "OPEN",
  provider: DEMO_PROVIDER,
  providerModel: style,
  costPer1kIn: 0,
  costPer1kOut: 0,
});

// The built-in models that make a fresh install usable offline.
export const DEMO_MODELS: ModelDefinition[] = [
  demo("demo-careful", "Demo Careful", "careful"),
  demo("demo-terse", "Demo Terse", "terse"),
  demo("demo-loose", "Demo Loose", "loose"),
];
