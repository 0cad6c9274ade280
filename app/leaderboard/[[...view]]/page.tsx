import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { formatTime } from "@/components/leaderboard/chart-scales";
import { PairHeatmap, RatingHistoryChart, RatingIntervalsChart } from "@/components/leaderboard/charts";
import { HowRatingsWork } from "@/components/leaderboard/how-ratings-work";
import { LeaderboardTable } from "@/components/leaderboard/leaderboard-table";
import { heatmapData } from "@/lib/leaderboard/matrices";
import { getLatestRun, getRatingHistory, getScopeView } from "@/lib/leaderboard/read";
import type { RunSummary, ScopeSummary, ScopeView, StyleCoefficientEntry } from "@/lib/leaderboard/types";
import { parseViewPath, scopeLabel, viewPath } from "@/lib/leaderboard/view-path";

// The public leaderboard. It only reads the newest stored rating run (never fits anything) and is rendered
// once per view and kept for `revalidate` seconds (incremental static regeneration): every visitor gets the
// cached HTML. See docs/decisions/061-leaderboard-rendering.md.
export const dynamic = "force-static";
export const revalidate = 10;
export const dynamicParams = true;

/** No view is rendered at build time (there is no database then); each is rendered on its first request. */
export function generateStaticParams(): { view: string[] }[] {
  return [];
}

const HEATMAP_MODELS = 15;
const round = (value: number, digits: number) => Number(value.toFixed(digits));
const HISTORY_MODELS = 8;

type Params = { params: Promise<{ view?: string[] }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { view } = await params;
  const run = await getLatestRun().catch(() => null);
  const parsed = run === null ? null : parseViewPath(view, run.scopes);
  if (parsed === null || parsed.scope.kind === "overall") {
    return { title: parsed?.styleControl ? "Leaderboard (style-controlled)" : "Leaderboard" };
  }
  return { title: `Leaderboard: ${parsed.scope.name}${parsed.styleControl ? " (style-controlled)" : ""}` };
}

function EmptyState() {
  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">Leaderboard</h1>
      <section
        aria-labelledby="no-ratings"
        data-testid="leaderboard-empty"
        className="mt-6 rounded-lg border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900"
      >
        <h2 id="no-ratings" className="text-lg font-semibold">
          No ratings yet
        </h2>
        <p className="mt-2 text-slate-700 dark:text-slate-300">
          The leaderboard appears once researchers&apos; votes have been rated for the first time. Ratings are computed by
          the rating job (<code>npm run ratings</code>) from the counted votes; this page then shows the newest run.
        </p>
        <p className="mt-4">
          <Link href="/" className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
            Ask a question and vote
          </Link>
        </p>
      </section>
      <HowRatingsWork />
    </div>
  );
}

function Stat({ label, value, testId }: { label: string; value: ReactNode; testId: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 dark:border-slate-800 dark:bg-slate-900">
      <dt className="text-xs uppercase tracking-wide text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="mt-1 text-lg font-semibold tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function ScopeForm({ run, current, styleControl }: { run: RunSummary; current: ScopeSummary; styleControl: boolean }) {
  const groups: { label: string; scopes: ScopeSummary[] }[] = [
    { label: "Disciplines", scopes: run.scopes.filter((s) => s.kind === "discipline") },
    { label: "Question types", scopes: run.scopes.filter((s) => s.kind === "category") },
  ];
  const option = (s: ScopeSummary) => (
    <option key={s.key} value={s.key}>
      {s.kind === "overall" ? "All questions" : s.name} ({s.votes.toLocaleString("en-US")} votes)
    </option>
  );
  return (
    <form action="/leaderboard/select" method="get" className="flex flex-wrap items-end gap-2">
      <div className="flex flex-col">
        <label htmlFor="scope" className="text-sm font-medium text-slate-700 dark:text-slate-200">
          Questions
        </label>
        <select
          id="scope"
          name="scope"
          defaultValue={current.key}
          className="mt-1 max-w-[19rem] rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
        >
          {run.scopes.filter((s) => s.kind === "overall").map(option)}
          {groups
            .filter((g) => g.scopes.length > 0)
            .map((g) => (
              <optgroup key={g.label} label={g.label}>
                {g.scopes.map(option)}
              </optgroup>
            ))}
        </select>
      </div>
      <input type="hidden" name="style" value={styleControl ? "true" : "false"} />
      <button type="submit" className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700">
        Show
      </button>
    </form>
  );
}

function StyleSwitch({ scope, styleControl }: { scope: ScopeSummary; styleControl: boolean }) {
  const item = (active: boolean, href: string, label: string, disabled = false) =>
    disabled ? (
      <span className="px-3 py-1.5 text-slate-500 dark:text-slate-400" aria-disabled="true" title="Not available for these questions">
        {label}
      </span>
    ) : (
      <Link
        href={href}
        aria-current={active ? "page" : undefined}
        className={`px-3 py-1.5 ${active ? "bg-indigo-600 font-medium text-white" : "text-slate-800 hover:bg-slate-100 dark:text-slate-100 dark:hover:bg-slate-800"}`}
      >
        {label}
      </Link>
    );
  return (
    <div className="flex flex-col">
      <span id="style-switch-label" className="text-sm font-medium text-slate-700 dark:text-slate-200">
        Ratings
      </span>
      <div role="group" aria-labelledby="style-switch-label" className="mt-1 inline-flex overflow-hidden rounded-md border border-slate-300 text-sm dark:border-slate-700">
        {item(!styleControl, viewPath(scope, false), "Raw")}
        {item(styleControl, viewPath(scope, true), "Style-controlled", !scope.hasStyleControl)}
      </div>
    </div>
  );
}

const FEATURE_TEXT: Record<string, { name: string; meaning: string }> = {
  length: { name: "Answer length", meaning: "longer answer" },
  citations: { name: "Citations", meaning: "more cited papers" },
  supporting: { name: "Supporting citations", meaning: "more citations judged to support the claim" },
  irrelevant: { name: "Irrelevant citations", meaning: "more citations judged irrelevant" },
};

function Coefficients({ coefficients }: { coefficients: StyleCoefficientEntry[] }) {
  return (
    <section aria-labelledby="style-coefficients" className="space-y-3">
      <h2 id="style-coefficients" className="text-xl font-semibold">
        Style coefficients
      </h2>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        How much each style difference between the two answers moved the votes, in log-odds per standard deviation of
        the normalized difference (a−b)/(a+b+1). Positive: voters favoured the answer with more of it. The ratings above
        are what remains once these effects are taken out.
      </p>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <table className="w-full text-sm" data-testid="style-coefficients">
          <caption className="sr-only">Style coefficients with 95% intervals</caption>
          <thead className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-950">
            <tr>
              <th scope="col" className="px-3 py-2 text-left font-semibold">
                Feature
              </th>
              <th scope="col" className="px-3 py-2 text-right font-semibold">
                Coefficient
              </th>
              <th scope="col" className="px-3 py-2 text-right font-semibold">
                95% CI
              </th>
              <th scope="col" className="px-3 py-2 text-left font-semibold">
                Reading
              </th>
            </tr>
          </thead>
          <tbody>
            {coefficients.map((c) => {
              const text = FEATURE_TEXT[c.feature] ?? { name: c.feature, meaning: c.feature };
              const clear = c.q025 > 0 || c.q975 < 0;
              return (
                <tr key={c.feature} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                  <th scope="row" className="px-3 py-2 text-left font-medium">
                    {text.name}
                  </th>
                  <td className="px-3 py-2 text-right tabular-nums">{c.value.toFixed(3)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">
                    [{c.q025.toFixed(3)}, {c.q975.toFixed(3)}]
                  </td>
                  <td className="px-3 py-2">
                    {clear ? `Voters ${c.value > 0 ? "preferred" : "penalized"} the ${text.meaning}.` : "No clear effect (the interval includes 0)."}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

async function Charts({ view }: { view: ScopeView }) {
  const label = scopeLabel(view.scope);
  const heat = heatmapData(view.pairs, HEATMAP_MODELS);
  const top = view.entries.slice(0, HISTORY_MODELS).map((e) => e.modelId);
  const history = await getRatingHistory(view.run.id, view.scope.key, view.styleControl, top);
  const more = view.pairs.models.length > HEATMAP_MODELS ? ` (the ${HEATMAP_MODELS} highest rated of ${view.pairs.models.length}; all pairs are in the API)` : "";
  return (
    <section aria-labelledby="charts" className="space-y-8">
      <h2 id="charts" className="text-xl font-semibold">
        Charts
      </h2>
      <figure className="space-y-2">
        <figcaption className="font-medium">Ratings with 95% confidence intervals</figcaption>
        <RatingIntervalsChart
          label={`Ratings with 95% confidence intervals, ${label}${view.styleControl ? ", style-controlled" : ""}`}
          points={view.entries.map((e) => ({ modelId: e.modelId, name: e.name, rating: round(e.rating, 1), q025: round(e.q025, 1), q975: round(e.q975, 1) }))}
        />
      </figure>
      {heat.names.length >= 2 ? (
        <>
          <figure className="space-y-2">
            <figcaption className="font-medium">
              Pairwise win fraction: how often the row model beat the column model, ties counting half{more}
            </figcaption>
            <PairHeatmap
              label={`Pairwise win fraction, ${label}`}
              description="Each cell: the row model's share of the points against the column model (ties count half). Blue: the row model wins more often; red: less often; grey: never compared."
              names={heat.names}
              values={heat.winFraction}
              battles={heat.battles}
              kind="fraction"
            />
          </figure>
          <figure className="space-y-2">
            <figcaption className="font-medium">Battle counts: votes between each pair of models{more}</figcaption>
            <PairHeatmap
              label={`Battle counts, ${label}`}
              description="Each cell: the number of counted votes between the two models."
              names={heat.names}
              values={heat.battleCells}
              battles={heat.battles}
              kind="count"
            />
          </figure>
        </>
      ) : null}
      <figure className="space-y-2">
        <figcaption className="font-medium">
          Rating over time: the {Math.min(HISTORY_MODELS, view.entries.length)} highest-rated models across the last {history.runs.length} rating runs
        </figcaption>
        {history.runs.length >= 2 ? (
          <RatingHistoryChart label={`Rating over time, ${label}`} series={history.series.filter((s) => s.points.length > 0)} />
        ) : (
          <p className="text-sm text-slate-700 dark:text-slate-300">This chart appears after the second rating run.</p>
        )}
      </figure>
    </section>
  );
}

export default async function LeaderboardPage({ params }: Params) {
  const { view: segments } = await params;
  const run = await getLatestRun();
  if (run === null) {
    if ((segments ?? []).length > 0) notFound();
    return <EmptyState />;
  }
  const parsed = parseViewPath(segments, run.scopes);
  if (parsed === null || (parsed.styleControl && !parsed.scope.hasStyleControl)) notFound();
  const { scope, styleControl } = parsed;
  const view = await getScopeView(run, scope, styleControl);
  const apiQuery = `scope=${encodeURIComponent(scope.key)}&style=${styleControl}`;
  const caption = `${styleControl ? "Style-controlled ratings" : "Ratings"} of ${view.entries.length} models, ${scopeLabel(scope)}`;
  // The browser gets only what the table shows (rounded as shown), to keep the page small.
  const tableEntries = view.entries.map((e) => ({ ...e, rating: round(e.rating, 2), q025: round(e.q025, 2), q975: round(e.q975, 2), winRate: round(e.winRate, 4), variance: null, onlineElo: null }));

  return (
    <div className="space-y-8">
      <header className="space-y-3">
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">
          Leaderboard
          {scope.kind !== "overall" ? <span className="text-slate-600 dark:text-slate-300">: {scope.name}</span> : null}
        </h1>
        <p className="max-w-3xl text-slate-700 dark:text-slate-300">
          Models ranked by researchers&apos; votes on scientific-literature questions: Bradley–Terry ratings on the Elo
          scale with 95% bootstrap intervals, ranked by interval overlap.{" "}
          <a href="#how-ratings-work" className="text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
            How ratings work
          </a>
        </p>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          <Stat label="Last updated" value={<time dateTime={run.finishedAt}>{formatTime(run.finishedAt)}</time>} testId="stat-updated" />
          <Stat label="Total votes" value={run.votesUsed.toLocaleString("en-US")} testId="stat-votes" />
          <Stat label="Models" value={view.entries.length} testId="stat-models" />
          <Stat label="Votes in this view" value={scope.votes.toLocaleString("en-US")} testId="stat-scope-votes" />
        </dl>
      </header>

      <nav aria-label="Leaderboard views" className="flex flex-wrap items-end gap-x-6 gap-y-3">
        <ScopeForm run={run} current={scope} styleControl={styleControl && scope.hasStyleControl} />
        <StyleSwitch scope={scope} styleControl={styleControl} />
        <p className="text-sm">
          Download:{" "}
          <a href={`/api/leaderboard?${apiQuery}&format=csv`} className="text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
            CSV
          </a>{" "}
          ·{" "}
          <a href={`/api/leaderboard?${apiQuery}`} className="text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
            JSON
          </a>
        </p>
      </nav>

      <section aria-labelledby="ranking" className="space-y-3">
        <h2 id="ranking" className="text-xl font-semibold">
          {styleControl ? "Style-controlled ranking" : "Ranking"} · {scopeLabel(scope)}
        </h2>
        <LeaderboardTable entries={tableEntries} caption={caption} />
        <p className="text-sm text-slate-700 dark:text-slate-300">
          Rank 1 + the number of models that are clearly better (their whole interval lies above this model&apos;s); models
          that cannot be told apart share a rank. Win rate counts ties as half a win. A model needs at least{" "}
          {run.minVotes?.[scope.kind] ?? "a minimum number of"} votes here to be listed.
          {view.entries.some((e) => e.flags.length > 0) ? " Provisional: the votes so far cannot pin the rating down (for example, it has never lost)." : ""}
        </p>
      </section>

      {styleControl && view.coefficients.length > 0 ? <Coefficients coefficients={view.coefficients} /> : null}

      {view.entries.length > 0 ? <Charts view={view} /> : null}

      <HowRatingsWork run={run} />
    </div>
  );
}
