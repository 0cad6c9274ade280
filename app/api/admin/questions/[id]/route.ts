import { z } from "zod";
import { setQuestionStatus } from "@/lib/admin/set-question-status";
import { requireAdmin } from "@/lib/auth/require-admin";
import { json, parseWith, readJson, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ decision: z.enum(["allow", "hide"], { message: 'decision must be "allow" or "hide"' }) }).strict();
const idSchema = z.string().min(1).max(100);

/** Moderation: hide a question or allow it again (admins only). */
export const POST = route(async (request, context: { params: Promise<{ id: string }> }) => {
  const admin = await requireAdmin();
  const id = parseWith(idSchema, (await context.params).id);
  const { decision } = parseWith(bodySchema, await readJson(request));
  return json(await setQuestionStatus(id, decision, admin.id));
});
