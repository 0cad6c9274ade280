"use client";

import type { PublicReference } from "@/lib/battles/types";
import { AnswerText } from "./answer-text";
import type { SideState } from "./use-battle-stream";

export function AnswerPane({
  label,
  side,
  references,
  revealedName,
}: {
  label: "A" | "B";
  side: SideState;
  references: PublicReference[];
  revealedName?: string;
}) {
  const busy = side.status === "waiting" || side.status === "streaming";
  return (
    <section
      aria-labelledby={`answer-${label}-title`}
      aria-busy={busy}
      data-testid={`answer-${label}`}
      data-status={side.status}
      className="flex min-h-64 flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <header className="mb-3 flex items-center justify-between gap-2">
        <h2 id={`answer-${label}-title`} className="text-lg font-semibold">
          Model {label}
          {revealedName ? <span className="ml-2 text-base font-normal text-indigo-700 dark:text-indigo-300">— {revealedName}</span> : null}
        </h2>
        <span className="text-xs text-slate-600 dark:text-slate-400" aria-live="polite">
          {side.status === "waiting" && "Waiting…"}
          {side.status === "streaming" && "Writing…"}
          {side.status === "done" && side.stats ? `${side.stats.words} words · ${side.stats.citations} papers cited` : null}
          {side.status === "error" && "Failed"}
        </span>
      </header>
      {side.status === "error" ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {side.error}
        </p>
      ) : side.text ? (
        <div data-testid={`answer-${label}-text`}>
          <AnswerText text={side.text} references={references} />
          {side.status === "streaming" ? <span className="ml-0.5 inline-block h-4 w-2 animate-pulse bg-slate-400 align-middle" aria-hidden /> : null}
        </div>
      ) : (
        <div className="space-y-2" aria-hidden>
          <div className="h-3 w-11/12 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
          <div className="h-3 w-10/12 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
          <div className="h-3 w-9/12 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
        </div>
      )}
    </section>
  );
}
