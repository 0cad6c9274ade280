"use client";

import { useMemo, useState } from "react";
import type { LeaderboardEntry } from "@/lib/leaderboard/types";
import { COLUMNS, formatCost, formatSigned, sortEntries, type Column, type Direction, type SortKey } from "./table-sort";

// The ranking table. Server-rendered in rank order; the column buttons re-sort it in the browser.

const FLAG_TEXT: Record<string, string> = {
  undefeated: "never lost a vote yet",
  winless: "never won a vote yet",
  separated: "not yet compared well enough with the other models",
  "no-battles": "no votes",
};

function SortIcon({ direction }: { direction: Direction | null }) {
  return (
    <span aria-hidden="true" className="ml-1 inline-block w-3 text-slate-500 dark:text-slate-400">
      {direction === "ascending" ? "▲" : direction === "descending" ? "▼" : "↕"}
    </span>
  );
}

export function LeaderboardTable({ entries, caption }: { entries: LeaderboardEntry[]; caption: string }) {
  const [sort, setSort] = useState<{ key: SortKey; direction: Direction }>({ key: "rank", direction: "ascending" });
  const sorted = useMemo(() => sortEntries(entries, sort.key, sort.direction), [entries, sort]);
  const columnLabel = COLUMNS.find((c) => c.key === sort.key)!.label;

  const onSort = (column: Column) =>
    setSort((current) =>
      current.key === column.key
        ? { key: column.key, direction: current.direction === "ascending" ? "descending" : "ascending" }
        : { key: column.key, direction: column.first },
    );

  const header = (column: Column) => {
    const active = sort.key === column.key;
    return (
      <th
        key={column.key}
        scope="col"
        aria-sort={active ? sort.direction : "none"}
        className={`whitespace-nowrap font-semibold ${column.numeric ? "text-right" : "text-left"}`}
      >
        <button
          type="button"
          onClick={() => onSort(column)}
          className="inline-flex items-center rounded px-1 py-0.5 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600 dark:hover:bg-slate-800"
        >
          {column.label}
          <SortIcon direction={active ? sort.direction : null} />
        </button>
      </th>
    );
  };

  return (
    <div
      role="region"
      aria-label="Leaderboard table (scrollable)"
      tabIndex={0}
      className="overflow-x-auto rounded-lg border border-slate-200 bg-white focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:border-slate-800 dark:bg-slate-900"
    >
      <table className="w-full min-w-[56rem] border-collapse text-sm tabular-nums [&_td]:px-3 [&_td]:py-2 [&_th]:px-3 [&_th]:py-2" data-testid="leaderboard-table">
        <caption className="sr-only">
          {caption}. Sorted by {columnLabel}, {sort.direction}. Column headers are buttons that change the order.
        </caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-700 dark:border-slate-800 dark:bg-slate-950 dark:text-slate-200">
          <tr>
            {COLUMNS.slice(0, 5).map(header)}
            <th scope="col" className="whitespace-nowrap text-right font-semibold">
              95% CI
            </th>
            {COLUMNS.slice(5).map(header)}
          </tr>
        </thead>
        <tbody>
          {sorted.map((e) => (
            <tr key={e.modelId} data-testid="leaderboard-row" data-model={e.modelId} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
              <td className="text-right">{e.rank}</td>
              <th scope="row" className="text-left font-medium">
                {e.name}
                {e.flags.length > 0 ? (
                  <span
                    className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-normal text-amber-900 dark:bg-amber-900 dark:text-amber-50"
                    title={e.flags.map((f) => FLAG_TEXT[f] ?? f).join("; ")}
                  >
                    provisional<span className="sr-only">: {e.flags.map((f) => FLAG_TEXT[f] ?? f).join("; ")}</span>
                  </span>
                ) : null}
              </th>
              <td>{e.organization}</td>
              <td>{e.license === "open" ? "Open" : "Proprietary"}</td>
              <td className="text-right font-semibold">{e.rating.toFixed(1)}</td>
              <td className="whitespace-nowrap text-right">
                <span>
                  {formatSigned(e.q975 - e.rating)} / {formatSigned(e.q025 - e.rating)}
                </span>
                <span className="block text-xs text-slate-600 dark:text-slate-400">
                  [{e.q025.toFixed(1)}, {e.q975.toFixed(1)}]
                </span>
              </td>
              <td className="text-right">{e.battles.toLocaleString("en-US")}</td>
              <td className="text-right" title={`${e.wins} wins, ${e.losses} losses, ${e.ties} ties`}>
                {(100 * e.winRate).toFixed(1)}%
              </td>
              <td className="text-right">{formatCost(e.costPer100Usd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
