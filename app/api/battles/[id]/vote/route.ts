import { sessionTokenFromCookies } from "@/lib/auth/session-cookie";
import { clientIp } from "@/lib/http/client-ip";
import { json, readJson, route } from "@/lib/http/route";
import { answerVote } from "@/lib/votes/vote-request";

export const dynamic = "force-dynamic";

// In production scripts/server.mjs answers this endpoint itself (lib/http/fast-vote.ts, docs/decisions/063) and
// only passes requests it does not take on (FAST_VOTE_PATH=off, a query string, …) to this file; `npm run dev` always comes here.
export const POST = route(async (request, context: { params: Promise<{ id: string }> }) => {
  const { status, body } = await answerVote({
    sessionToken: await sessionTokenFromCookies(),
    battleId: (await context.params).id,
    readBody: () => readJson(request),
    clientIp: clientIp(request),
  });
  return json(body, { status });
});
