import { z } from "zod";
import { setRole } from "@/lib/admin/set-role";
import { requireAdmin } from "@/lib/auth/require-admin";
import { json, parseWith, readJson, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ role: z.enum(["researcher", "admin"], { message: 'must be "researcher" or "admin"' }) }).strict();
const idSchema = z.string().min(1).max(100);

/** Grant or remove the admin role (admins only). */
export const POST = route(async (request, context: { params: Promise<{ id: string }> }) => {
  const admin = await requireAdmin();
  const userId = parseWith(idSchema, (await context.params).id);
  const { role } = parseWith(bodySchema, await readJson(request));
  return json(await setRole(admin, userId, role));
});
