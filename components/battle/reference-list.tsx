import type { PublicReference } from "@/lib/battles/types";

export function ReferenceList({ references, notice }: { references: PublicReference[]; notice?: string | null }) {
  return (
    <details className="group rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900" open>
      <summary className="cursor-pointer select-none px-4 py-3 font-medium">
        Retrieved papers ({references.length})
        <span className="ml-2 text-sm font-normal text-slate-600 dark:text-slate-400">both models answer from this numbered list</span>
      </summary>
      {notice ? (
        <p role="note" className="mx-4 mb-2 rounded bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100" data-testid="search-notice">
          {notice}
        </p>
      ) : null}
      <ol className="max-h-80 space-y-2 overflow-y-auto px-4 pb-4 text-sm" data-testid="reference-list">
        {references.map((r) => (
          <li key={r.n} id={`ref-${r.n}`} className="scroll-mt-24 target:rounded target:bg-indigo-50 dark:target:bg-indigo-950">
            <span className="mr-1 font-mono text-slate-600 dark:text-slate-400">[{r.n}]</span>
            {r.url ? (
              <a href={r.url} target="_blank" rel="noreferrer noopener" className="font-medium underline-offset-2 hover:underline">
                {r.title}
              </a>
            ) : (
              <span className="font-medium">{r.title}</span>
            )}
            <span className="text-slate-600 dark:text-slate-400">
              {" — "}
              {r.authors.length ? `${r.authors.slice(0, 3).join(", ")}${r.authors.length > 3 ? " et al." : ""}` : "Unknown authors"}
              {r.year ? ` (${r.year})` : ""}
              {r.venue ? `, ${r.venue}` : ""}
            </span>
          </li>
        ))}
      </ol>
    </details>
  );
}
