import { requireResearcherBySession } from "@/lib/auth/require-researcher";
import { battleIdSchema, castVoteSchema } from "@/lib/battles/schemas";
import { parseWith } from "@/lib/http/route";
import { castVote, type VoteResult } from "./cast-vote";

/** POST /api/battles/:id/vote as both its paths see it: Next's route file and the fast path (lib/http/fast-vote.ts). */
export interface VoteRequest {
  /** The session cookie's token (sessionTokenFromCookies or sessionTokenFromCookieHeader), or null. */
  sessionToken: string | null;
  /** The :id path segment as routed (not yet validated). */
  battleId: string;
  /** Reads the JSON body (readJson, or the fast path's equivalent); called only once the caller is authorized. */
  readBody: () => Promise<unknown>;
  clientIp: string;
}

/**
 * The vote endpoint's work after the origin check: authorize, validate, record. Both paths call this, so they
 * check the same things in the same order; they differ only in how they read the request and write the answer.
 */
export async function answerVote(request: VoteRequest): Promise<{ status: 200 | 201; body: VoteResult }> {
  const user = await requireResearcherBySession(request.sessionToken);
  const id = parseWith(battleIdSchema, request.battleId);
  const body = parseWith(castVoteSchema, await request.readBody());
  const result = await castVote(id, user.id, body, { clientIp: request.clientIp });
  return { status: result.replayed ? 200 : 201, body: result };
}
