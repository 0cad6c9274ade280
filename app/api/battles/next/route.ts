import { requireResearcher } from "@/lib/auth/require-researcher";
import { getEnv } from "@/lib/env";
import { json, route } from "@/lib/http/route";
import { nextReannotation } from "@/lib/reannotation/next-reannotation";

export const dynamic = "force-dynamic";

/**
 * What comes after a vote: sometimes an earlier battle to judge again ({ battleId }), otherwise
 * { battleId: null } and the researcher asks a new question. The answer does not say which kind it is.
 */
export const POST = route(async () => {
  const user = await requireResearcher();
  const env = getEnv();
  const next = await nextReannotation(user.id, { rate: env.REANNOTATION_RATE, minDays: env.REANNOTATION_MIN_DAYS });
  return json({ battleId: next?.battleId ?? null });
});
