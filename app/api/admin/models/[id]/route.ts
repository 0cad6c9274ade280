import { z } from "zod";
import { setModelActive } from "@/lib/admin/set-model-active";
import { requireAdmin } from "@/lib/auth/require-admin";
import { json, parseWith, readJson, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ active: z.boolean({ message: "active must be true or false" }) }).strict();
const idSchema = z.string().min(1).max(100);

/** Activate or deactivate a model for new battles (admins only). */
export const POST = route(async (request, context: { params: Promise<{ id: string }> }) => {
  await requireAdmin();
  const id = parseWith(idSchema, (await context.params).id);
  const { active } = parseWith(bodySchema, await readJson(request));
  return json(await setModelActive(id, active));
});
