import { requireUser } from "@/lib/auth/session";
import { getBattleView } from "@/lib/battles/get-battle";
import { battleIdSchema } from "@/lib/battles/schemas";
import { json, parseWith, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async (_request, context: { params: Promise<{ id: string }> }) => {
  const user = await requireUser();
  const id = parseWith(battleIdSchema, (await context.params).id);
  return json(await getBattleView(id, user.id));
});
