// Page URLs of leaderboard views (pure): /leaderboard, /leaderboard/style-control,
// /leaderboard/discipline/<slug>[/style-control], /leaderboard/category/<slug>[/style-control].
import type { ScopeSummary } from "./types";

export const STYLE_SEGMENT = "style-control";

/** "Humanities & Social Science" → "humanities-social-science". */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug === "" ? "scope" : slug;
}

export function viewPath(scope: Pick<ScopeSummary, "kind" | "slug">, styleControl: boolean): string {
  const parts = ["/leaderboard"];
  if (scope.kind !== "overall") parts.push(scope.kind, scope.slug);
  if (styleControl) parts.push(STYLE_SEGMENT);
  return parts.join("/");
}

/** The scope and style a path names, or null when it names none of `scopes`. */
export function parseViewPath(segments: readonly string[] | undefined, scopes: readonly ScopeSummary[]): { scope: ScopeSummary; styleControl: boolean } | null {
  const parts = [...(segments ?? [])].map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  let styleControl = false;
  if (parts.at(-1) === STYLE_SEGMENT) {
    styleControl = true;
    parts.pop();
  }
  let scope: ScopeSummary | undefined;
  if (parts.length === 0) scope = scopes.find((s) => s.kind === "overall");
  else if (parts.length === 2 && (parts[0] === "discipline" || parts[0] === "category")) {
    scope = scopes.find((s) => s.kind === parts[0] && s.slug === parts[1]);
  }
  return scope === undefined ? null : { scope, styleControl };
}

export function scopeLabel(scope: Pick<ScopeSummary, "kind" | "name">): string {
  if (scope.kind === "overall") return "All questions";
  return scope.kind === "discipline" ? scope.name : `Question type: ${scope.name}`;
}
