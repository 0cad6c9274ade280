import path from "node:path";
import { DEMO_MODELS } from "@/lib/ai/demo/catalog";
import { hasKey } from "@/lib/ai/registry";
import { getEnv } from "@/lib/env";
import { findModelsFile, loadModelsFile, toCatalog, type CatalogEntry } from "./models-file";
import { syncModels } from "./sync-models";

// At start: the models file (or, without one, the built-in demo models) becomes the set of active models.
// Models whose key is missing are reported and left inactive; the app runs with the rest. Never prints a
// key, only the names of the variables that hold them.

export interface CatalogReport {
  source: string;
  entries: CatalogEntry[];
  deactivated: string[];
  active: number;
}

/** Reads the catalog without touching the database (throws ModelsFileError on a bad file). */
export function readCatalog(): { source: string; entries: CatalogEntry[] } {
  const file = findModelsFile(getEnv().MODELS_FILE);
  if (!file) {
    return {
      source: "built-in offline demo models (no models file)",
      entries: DEMO_MODELS.map((d) => ({ definition: { ...d, active: true }, inactiveReason: null, keyEnv: null })),
    };
  }
  return { source: path.relative(process.cwd(), file) || file, entries: toCatalog(loadModelsFile(file), hasKey) };
}

export async function syncCatalog(): Promise<CatalogReport> {
  const { source, entries } = readCatalog();
  const summary = await syncModels(
    entries.map((e) => e.definition),
    { deactivateOthers: true },
  );
  return { source, entries, deactivated: summary.deactivated, active: entries.filter((e) => e.inactiveReason === null).length };
}

export function describeCatalog(report: CatalogReport): string[] {
  const lines = [`models from ${report.source}: ${report.active} active of ${report.entries.length}`];
  for (const { definition: d, inactiveReason } of report.entries) {
    lines.push(`  ${d.slug} (${d.provider}/${d.providerModel}): ${inactiveReason ? `INACTIVE — ${inactiveReason}` : "active"}`);
  }
  if (report.deactivated.length) lines.push(`  switched off (not in the catalog any more): ${report.deactivated.join(", ")}`);
  if (report.active < 2) lines.push("  WARNING: fewer than two active models — no battle can start until keys are set or models activated.");
  return lines;
}
