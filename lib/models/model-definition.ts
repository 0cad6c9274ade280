import type { StoredOptions } from "@/lib/ai/model-options";

/** One model as the catalog (models file or built-in demo models) defines it. */
export interface ModelDefinition {
  slug: string;
  displayName: string;
  organization: string;
  license: "OPEN" | "PROPRIETARY";
  provider: string;
  providerModel: string;
  /** USD per 1,000 tokens (the models file gives prices per million). */
  costPer1kIn: number;
  costPer1kOut: number;
  options?: StoredOptions;
  /** Sampling weight in pairing (default 1). */
  weight?: number;
  /** Wanted state; undefined leaves an existing row's flag as it is. */
  active?: boolean;
}
