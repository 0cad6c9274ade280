import { parseWith, route } from "@/lib/http/route";
import { CACHE_CONTROL, etagMatches, leaderboardDocument, leaderboardQuerySchema } from "@/lib/leaderboard/api-response";

export const dynamic = "force-dynamic";

/** GET /api/leaderboard?scope=overall|discipline:<name>|category:<name>&style=true|false&format=json|csv[&include=matrices] */
export const GET = route(async (request) => {
  const query = parseWith(leaderboardQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  const document = await leaderboardDocument(query);
  const headers = new Headers({
    "Cache-Control": CACHE_CONTROL,
    ETag: document.etag,
    "Access-Control-Allow-Origin": "*",
    "X-Content-Type-Options": "nosniff",
  });
  if (etagMatches(request.headers.get("if-none-match"), document.etag)) return new Response(null, { status: 304, headers });
  headers.set("Content-Type", document.contentType);
  if (document.filename && query.format === "csv") headers.set("Content-Disposition", `attachment; filename="${document.filename}"`);
  return new Response(document.body, { status: 200, headers });
});
