import { requireUser } from "@/lib/auth/session";
import { createBattleStream } from "@/lib/battles/battle-stream";
import { requireOwnedBattle } from "@/lib/battles/get-battle";
import { battleIdSchema } from "@/lib/battles/schemas";
import { parseWith, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async (request, context: { params: Promise<{ id: string }> }) => {
  const user = await requireUser();
  const id = parseWith(battleIdSchema, (await context.params).id);
  const battle = await requireOwnedBattle(id, user.id);
  const lastEventId = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("lastEventId");
  const stream = createBattleStream({
    battleId: battle.id,
    retrievalRunId: battle.retrievalRunId,
    lastEventId,
    signal: request.signal,
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
});
