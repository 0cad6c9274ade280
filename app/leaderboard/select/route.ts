import { route } from "@/lib/http/route";
import { getLatestRun } from "@/lib/leaderboard/read";
import { viewPath } from "@/lib/leaderboard/view-path";

export const dynamic = "force-dynamic";

/**
 * Target of the leaderboard's scope form (works without JavaScript): redirects
 * /leaderboard/select?scope=discipline:Healthcare&style=true to the view's own URL.
 */
export const GET = route(async (request) => {
  const url = new URL(request.url);
  const scopeKey = url.searchParams.get("scope") ?? "overall";
  const style = ["true", "1", "yes", "on"].includes(url.searchParams.get("style") ?? "");
  const run = await getLatestRun();
  const scope = run?.scopes.find((s) => s.key === scopeKey) ?? run?.scopes.find((s) => s.kind === "overall");
  const target = scope === undefined ? "/leaderboard" : viewPath(scope, style && scope.hasStyleControl);
  // A relative Location keeps the public host when the app runs behind a proxy.
  return new Response(null, { status: 303, headers: { Location: target, "Cache-Control": "no-store" } });
});
