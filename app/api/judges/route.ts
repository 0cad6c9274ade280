import { PUBLISHED_JUDGE_ACCURACY, PUBLISHED_JUDGE_SOURCE } from "@/lib/dataset";
import { json, route } from "@/lib/http/route";
import { listJudgeEvaluations } from "@/lib/judges/evaluations";

export const dynamic = "force-dynamic";

/** Stored judge evaluations, newest first, and the published reference points. Public. */
export const GET = route(async () =>
  json({ evaluations: await listJudgeEvaluations(), references: { source: PUBLISHED_JUDGE_SOURCE, judges: PUBLISHED_JUDGE_ACCURACY } }),
);
