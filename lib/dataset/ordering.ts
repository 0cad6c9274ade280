// Orders used in published files. Plain code-unit comparison is the same on every machine, unlike
// locale-aware or database collations, which is what byte-identical exports need.

export function compareCodeUnits(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Named groups (disciplines, categories) in code-unit order, the unnamed group last. */
export function compareGroupNames(left: string | null, right: string | null): number {
  if (left === right) return 0;
  if (left === null) return 1;
  if (right === null) return -1;
  return compareCodeUnits(left, right);
}
