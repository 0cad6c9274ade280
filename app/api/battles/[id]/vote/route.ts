import { clientIp } from "@/lib/http/client-ip";
import { requireResearcher } from "@/lib/auth/require-researcher";
import { battleIdSchema, castVoteSchema } from "@/lib/battles/schemas";
import { json, parseWith, readJson, route } from "@/lib/http/route";
import { castVote } from "@/lib/votes/cast-vote";

export const dynamic = "force-dynamic";

export const POST = route(async (request, context: { params: Promise<{ id: string }> }) => {
  const user = await requireResearcher();
  const id = parseWith(battleIdSchema, (await context.params).id);
  const body = parseWith(castVoteSchema, await readJson(request));
  const result = await castVote(id, user.id, body, { clientIp: clientIp(request) });
  return json(result, { status: result.replayed ? 200 : 201 });
});
