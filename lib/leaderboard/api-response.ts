import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { parseScope } from "@/lib/rating-job/scope";
import { apiCsv, apiJson, CSV_COLUMNS } from "./api-format";
import { getLatestRun, getScopeView } from "./read";
import { slugify } from "./view-path";

// GET /api/leaderboard: the newest stored run's ratings as JSON or CSV, with a strong ETag per run and view
// so CDNs and clients can cache and revalidate. Bodies are built once per run and view.

const truthy = ["true", "1", "yes"];
export const leaderboardQuerySchema = z.object({
  scope: z.string().trim().min(1, "scope must not be empty").max(300).default("overall"),
  style: z
    .enum(["true", "false", "1", "0", "yes", "no"], { message: "style must be true or false" })
    .default("false")
    .transform((v) => truthy.includes(v)),
  format: z.enum(["json", "csv"], { message: "format must be json or csv" }).default("json"),
  include: z.enum(["matrices"], { message: "include may only be matrices" }).optional(),
});
export type LeaderboardQuery = z.infer<typeof leaderboardQuerySchema>;

export interface LeaderboardDocument {
  etag: string;
  contentType: string;
  body: string;
  /** Suggested file name (CSV). */
  filename?: string;
}

export const CACHE_CONTROL = "public, max-age=0, s-maxage=60, stale-while-revalidate=600";

const bodies = new Map<string, LeaderboardDocument>();
const MAX_BODIES = 512;

function etagFor(runId: string, key: string): string {
  return `"${runId}.${createHash("sha1").update(key).digest("base64url").slice(0, 12)}"`;
}

export async function leaderboardDocument(query: LeaderboardQuery): Promise<LeaderboardDocument> {
  const scopeKey = parseScope(query.scope);
  if (scopeKey === null) {
    throw new AppError("bad_request", "scope must be overall, discipline:<name> or category:<name>.", {
      fields: [{ field: "scope", message: "expected overall, discipline:<name> or category:<name>" }],
    });
  }
  const run = await getLatestRun();
  const key = `${query.format}\u0000${scopeKey.key}\u0000${query.style}\u0000${query.include ?? ""}`;
  if (run === null) {
    const body =
      query.format === "csv"
        ? CSV_COLUMNS.join(",") + "\r\n"
        : JSON.stringify({ run: null, scope: scopeKey.key, style_control: query.style, scopes: [], rows: [], message: "No ratings yet: no rating run has finished." });
    return { etag: etagFor("none", key), contentType: query.format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8", body, filename: "leaderboard.csv" };
  }
  const cacheKey = `${run.id}\u0000${key}`;
  const hit = bodies.get(cacheKey);
  if (hit !== undefined) return hit;

  const scope = run.scopes.find((s) => s.key === scopeKey.key);
  if (scope === undefined) {
    throw new AppError("not_found", `No ratings for scope "${scopeKey.key}" in the latest run. Scopes: ${run.scopes.map((s) => s.key).join(", ")}.`);
  }
  if (query.style && !scope.hasStyleControl) {
    throw new AppError("not_found", `No style-controlled ratings for scope "${scope.key}" in the latest run.`);
  }
  const view = await getScopeView(run, scope, query.style);
  const document: LeaderboardDocument =
    query.format === "csv"
      ? {
          etag: etagFor(run.id, key),
          contentType: "text/csv; charset=utf-8",
          body: apiCsv(view),
          filename: `leaderboard-${scope.kind === "overall" ? "overall" : `${scope.kind}-${slugify(scope.name)}`}${query.style ? "-style-control" : ""}.csv`,
        }
      : { etag: etagFor(run.id, key), contentType: "application/json; charset=utf-8", body: JSON.stringify(apiJson(view, { matrices: query.include === "matrices" })) };
  if (bodies.size >= MAX_BODIES) bodies.delete(bodies.keys().next().value as string);
  bodies.set(cacheKey, document);
  return document;
}

/** Whether an If-None-Match header names this ETag (or *). */
export function etagMatches(header: string | null, etag: string): boolean {
  if (header === null) return false;
  return header
    .split(",")
    .map((t) => t.trim().replace(/^W\//, ""))
    .some((t) => t === etag || t === "*");
}
