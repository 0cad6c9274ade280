export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="animate-pulse space-y-4">
      <div className="h-8 w-2/3 rounded bg-slate-200 dark:bg-slate-800" />
      <div className="grid gap-4 md:grid-cols-2">
        <div className="h-64 rounded-lg bg-slate-200 dark:bg-slate-800" />
        <div className="h-64 rounded-lg bg-slate-200 dark:bg-slate-800" />
      </div>
      <span className="sr-only">Loading the battle…</span>
    </div>
  );
}
