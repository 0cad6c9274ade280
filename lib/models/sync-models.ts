import type { ModelDefinition } from "@/lib/ai/demo/catalog";
import { getDb } from "@/lib/db";

/** Creates or updates model rows by slug; leaves the `active` flag of existing rows as an admin set it. */
export async function syncModels(definitions: ModelDefinition[]): Promise<{ created: number; updated: number }> {
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
    };
    if (existing) {
      await db.model.update({ where: { id: existing.id }, data });
      updated++;
    } else {
      await db.model.create({ data: { slug: d.slug, ...data } });
      created++;
    }
  }
  return { created, updated };
}
