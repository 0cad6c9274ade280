"use client";

import { useEffect, useState } from "react";

export type Choice = "A" | "B" | "TIE" | "BOTH_BAD";

const OPTIONS: { choice: Choice; label: string; key: string }[] = [
  { choice: "A", label: "A is better", key: "1" },
  { choice: "B", label: "B is better", key: "2" },
  { choice: "TIE", label: "Tie", key: "3" },
  { choice: "BOTH_BAD", label: "Both are bad", key: "4" },
];

export function VoteBar({
  enabled,
  submitting,
  onVote,
}: {
  enabled: boolean;
  submitting: boolean;
  onVote: (choice: Choice, reason: string) => void;
}) {
  const [reason, setReason] = useState("");

  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable)) return;
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      const option = OPTIONS.find((o) => o.key === event.key);
      if (option && !submitting) {
        event.preventDefault();
        onVote(option.choice, reason);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled, submitting, onVote, reason]);

  return (
    <section
      aria-label="Vote"
      className="sticky bottom-0 z-10 rounded-t-lg border border-slate-200 bg-white/95 p-4 shadow-lg backdrop-blur dark:border-slate-800 dark:bg-slate-900/95"
    >
      <p className="mb-3 text-sm text-slate-700 dark:text-slate-200">
        {enabled ? "Which answer is better? Use the buttons or keys 1–4." : "Voting opens when both answers are complete."}
      </p>
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {OPTIONS.map((o) => (
          <button
            key={o.choice}
            type="button"
            disabled={!enabled || submitting}
            onClick={() => onVote(o.choice, reason)}
            className="rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-medium hover:border-indigo-500 hover:bg-indigo-50 disabled:cursor-not-allowed disabled:opacity-50 dark:border-slate-700 dark:bg-slate-800 dark:hover:bg-indigo-950"
          >
            <kbd className="mr-1.5 rounded border border-slate-300 px-1 text-xs text-slate-600 dark:border-slate-600 dark:text-slate-300">{o.key}</kbd>
            {o.label}
          </button>
        ))}
      </div>
      <label htmlFor="vote-reason" className="mt-3 block text-sm text-slate-700 dark:text-slate-300">
        Reason (optional)
      </label>
      <input
        id="vote-reason"
        value={reason}
        maxLength={500}
        onChange={(e) => setReason(e.target.value)}
        disabled={!enabled || submitting}
        placeholder="One line on why, e.g. “B cites the right papers”"
        className="mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950"
      />
    </section>
  );
}
