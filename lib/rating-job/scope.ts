// Scope names of rating rows: "overall", "discipline:<name>", "category:<name>". Pure.

export type ScopeKind = "overall" | "discipline" | "category";

export interface Scope {
  kind: ScopeKind;
  /** The discipline or category; empty for overall. */
  name: string;
  /** The stored key, e.g. "discipline:Healthcare". */
  key: string;
}

export const OVERALL: Scope = { kind: "overall", name: "", key: "overall" };

export function scopeOf(kind: ScopeKind, name = ""): Scope {
  if (kind === "overall") return OVERALL;
  return { kind, name, key: `${kind}:${name}` };
}

/** Parses a stored key; null when it is not one. */
export function parseScope(key: string): Scope | null {
  if (key === "overall") return OVERALL;
  const colon = key.indexOf(":");
  if (colon < 0) return null;
  const kind = key.slice(0, colon);
  const name = key.slice(colon + 1);
  if ((kind !== "discipline" && kind !== "category") || name.trim() === "") return null;
  return scopeOf(kind, name);
}

/** Overall first, then disciplines, then categories, each alphabetical. */
export function compareScopes(a: Scope, b: Scope): number {
  const order: Record<ScopeKind, number> = { overall: 0, discipline: 1, category: 2 };
  return order[a.kind] - order[b.kind] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** A blank or missing discipline / category does not form a scope. */
export function normalizeScopeName(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}
