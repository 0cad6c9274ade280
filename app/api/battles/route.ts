import { clientIp } from "@/lib/http/client-ip";
import { requireResearcher } from "@/lib/auth/require-researcher";
import { createBattle } from "@/lib/battles/create-battle";
import { createBattleSchema } from "@/lib/battles/schemas";
import { json, parseWith, readJson, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(async (request) => {
  const user = await requireResearcher();
  const body = parseWith(createBattleSchema, await readJson(request));
  const created = await createBattle(user.id, body, { clientIp: clientIp(request) });
  return json(
    { battleId: created.battleId, references: created.references, replayed: created.replayed },
    { status: created.replayed ? 200 : 201 },
  );
});
