// Sorting and number formats of the leaderboard table (pure; unit-tested).
import type { LeaderboardEntry } from "@/lib/leaderboard/types";

export type SortKey = "rank" | "name" | "organization" | "license" | "rating" | "battles" | "winRate" | "cost";
export type Direction = "ascending" | "descending";

export interface Column {
  key: SortKey;
  label: string;
  /** Direction of the first click. */
  first: Direction;
  numeric: boolean;
}

export const COLUMNS: Column[] = [
  { key: "rank", label: "Rank", first: "ascending", numeric: true },
  { key: "name", label: "Model", first: "ascending", numeric: false },
  { key: "organization", label: "Organization", first: "ascending", numeric: false },
  { key: "license", label: "License", first: "ascending", numeric: false },
  { key: "rating", label: "Rating", first: "descending", numeric: true },
  { key: "battles", label: "Votes", first: "descending", numeric: true },
  { key: "winRate", label: "Win rate", first: "descending", numeric: true },
  { key: "cost", label: "Cost / 100 answers", first: "ascending", numeric: true },
];

function sortValue(entry: LeaderboardEntry, key: SortKey): number | string | null {
  switch (key) {
    case "rank":
      return entry.rank;
    case "name":
      return entry.name.toLowerCase();
    case "organization":
      return entry.organization.toLowerCase();
    case "license":
      return entry.license;
    case "rating":
      return entry.rating;
    case "battles":
      return entry.battles;
    case "winRate":
      return entry.winRate;
    case "cost":
      return entry.costPer100Usd;
  }
}

export function sortEntries(entries: readonly LeaderboardEntry[], key: SortKey, direction: Direction): LeaderboardEntry[] {
  const sign = direction === "ascending" ? 1 : -1;
  return [...entries].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    // Unknown values (cost) go last in either direction.
    if (x === null || y === null) return x === y ? b.rating - a.rating : x === null ? 1 : -1;
    if (x < y) return -sign;
    if (x > y) return sign;
    return b.rating - a.rating || a.modelId.localeCompare(b.modelId);
  });
}

export function formatSigned(value: number): string {
  return `${value >= 0 ? "+" : "−"}${Math.abs(value).toFixed(1)}`;
}

export function formatCost(value: number | null): string {
  if (value === null) return "—";
  if (value === 0) return "$0";
  return value < 0.01 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`;
}

