import type { ModelDefinition } from "@/lib/models/model-definition";
import { getDb } from "@/lib/db";

export interface SyncSummary {
  created: number;
  updated: number;
  /** Slugs of rows not in the catalog that were switched off (with `deactivateOthers`). */
  deactivated: string[];
}

/**
 * Creates or updates model rows by slug. A definition's `active` flag is applied when given; without it an
 * existing row keeps its flag. With `deactivateOthers`, models missing from the catalog are switched off
 * (their rows stay for past battles and ratings).
 */
export async function syncModels(definitions: ModelDefinition[], options: { deactivateOthers?: boolean } = {}): Promise<SyncSummary> {
  const db = getDb();
  let created = 0;
  let updated = 0;
  for (const d of definitions) {
    const existing = await db.model.findUnique({ where: { slug: d.slug }, select: { id: true } });
    const data = {
      displayName: d.displayName,
      organization: d.organization,
      license: d.license,
      provider: d.provider,
      providerModel: d.providerModel,
      costPer1kIn: d.costPer1kIn,
      costPer1kOut: d.costPer1kOut,
      options: d.options ?? {},
      weight: d.weight ?? 1,
      ...(d.active === undefined ? {} : { active: d.active }),
    };
    if (existing) {
      await db.model.update({ where: { id: existing.id }, data });
      updated++;
    } else {
      await db.model.create({ data: { slug: d.slug, ...data } });
      created++;
    }
  }
  let deactivated: string[] = [];
  if (options.deactivateOthers) {
    const slugs = definitions.map((d) => d.slug);
    const stale = await db.model.findMany({ where: { active: true, slug: { notIn: slugs } }, select: { slug: true } });
    deactivated = stale.map((m) => m.slug);
    if (deactivated.length) await db.model.updateMany({ where: { slug: { in: deactivated } }, data: { active: false } });
  }
  return { created, updated, deactivated };
}
