import { z } from "zod";
import { setAnnotatorStatus } from "@/lib/annotators/set-annotator-status";
import { requireAdmin } from "@/lib/auth/require-admin";
import { json, parseWith, readJson, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const bodySchema = z.object({ action: z.enum(["exclude", "reinstate"], { message: 'action must be "exclude" or "reinstate"' }) }).strict();
const idSchema = z.string().min(1).max(100);

/** Exclude an annotator's votes, or reinstate them (lifting exclusion and quality flags). Admins only. */
export const POST = route(async (request, context: { params: Promise<{ id: string }> }) => {
  await requireAdmin();
  const id = parseWith(idSchema, (await context.params).id);
  const { action } = parseWith(bodySchema, await readJson(request));
  return json(await setAnnotatorStatus(id, action));
});
