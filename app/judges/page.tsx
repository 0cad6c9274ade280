import type { Metadata } from "next";
import Link from "next/link";
import { PUBLISHED_JUDGE_ACCURACY, PUBLISHED_JUDGE_SOURCE } from "@/lib/dataset";
import { listJudgeEvaluations, type GroupAccuracy, type JudgeEvaluationSummary } from "@/lib/judges/evaluations";

export const metadata: Metadata = {
  title: "LLM judges",
  description: "How often LLM judges pick the answer researchers preferred, next to the published SciArena-Eval figures.",
};
export const dynamic = "force-dynamic";

const percent = (value: number | null | undefined) => (value === null || value === undefined ? "–" : `${(value * 100).toFixed(1)}%`);

/** A 0-100% bar with an optional 95% interval, drawn between 30% and 90% where judges differ. */
function AccuracyBar({ value, ci, reference }: { value: number; ci?: [number, number] | null; reference?: boolean }) {
  const low = 0.3;
  const high = 0.9;
  const at = (x: number) => `${Math.min(100, Math.max(0, ((x - low) / (high - low)) * 100))}%`;
  return (
    <div className="relative h-4 w-40 rounded bg-slate-100 sm:w-56 dark:bg-slate-800" aria-hidden="true">
      <div className="absolute inset-y-0 border-l border-dashed border-slate-400" style={{ left: at(0.5) }} />
      <div className={`absolute inset-y-1 left-0 rounded ${reference ? "bg-slate-400 dark:bg-slate-500" : "bg-indigo-600 dark:bg-indigo-400"}`} style={{ width: at(value) }} />
      {ci ? <div className="absolute top-1/2 h-0.5 -translate-y-1/2 bg-slate-900 dark:bg-white" style={{ left: at(ci[0]), width: `calc(${at(ci[1])} - ${at(ci[0])})` }} /> : null}
    </div>
  );
}

function GroupTable({ title, groups }: { title: string; groups: GroupAccuracy[] }) {
  if (groups.length === 0) return null;
  return (
    <table className="mt-2 w-full text-left text-sm">
      <caption className="text-left font-medium">{title}</caption>
      <thead>
        <tr className="text-slate-600 dark:text-slate-400">
          <th scope="col" className="py-1 pr-3 font-medium">
            Group
          </th>
          <th scope="col" className="py-1 pr-3 text-right font-medium">
            Records
          </th>
          <th scope="col" className="py-1 text-right font-medium">
            Accuracy [95% CI]
          </th>
        </tr>
      </thead>
      <tbody>
        {groups.map((group) => (
          <tr key={group.group ?? "(none)"} className="border-t border-slate-200 dark:border-slate-800">
            <th scope="row" className="py-1 pr-3 font-normal">
              {group.group ?? <span className="italic">none given</span>}
            </th>
            <td className="py-1 pr-3 text-right tabular-nums">{group.records}</td>
            <td className="py-1 text-right tabular-nums">
              {percent(group.accuracy)}
              {group.ci95 ? ` [${percent(group.ci95[0])}, ${percent(group.ci95[1])}]` : ""}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type Row =
  | { kind: "evaluation"; evaluation: JudgeEvaluationSummary }
  | { kind: "reference"; judge: string; accuracy: number };

export default async function JudgesPage() {
  const evaluations = await listJudgeEvaluations();
  const rows: Row[] = [
    ...evaluations.map((evaluation) => ({ kind: "evaluation" as const, evaluation })),
    ...PUBLISHED_JUDGE_ACCURACY.map((reference) => ({ kind: "reference" as const, judge: reference.judge, accuracy: reference.accuracy })),
  ].sort((left, right) => {
    const value = (row: Row) => (row.kind === "evaluation" ? row.evaluation.accuracyOriginalOrder : row.accuracy);
    return value(right) - value(left);
  });

  return (
    <div className="mx-auto max-w-6xl">
      <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">LLM judges</h1>
      <p className="mt-2 max-w-3xl text-slate-700 dark:text-slate-300">
        An LLM judge reads a question and two answers and says which is better. Its accuracy is how often it agrees with the researcher who
        voted, on votes for A or B. Every record is judged twice, the second time with the answers swapped: a judge that changes its mind
        when only the order changes has a position bias. Evaluations below were run with <code>npm run eval:judge</code> on the{" "}
        <Link href="/dataset" className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
          dataset
        </Link>{" "}
        (or on the public SciArena-Eval files); the grey rows are the figures published by {PUBLISHED_JUDGE_SOURCE}.
      </p>

      <div tabIndex={0} role="region" aria-label="Judge accuracy" className="mt-6 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <table className="w-full text-left text-sm" data-testid="judges-table">
          <caption className="sr-only">Judge accuracy against researchers&apos; votes</caption>
          <thead className="bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                Judge
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Data
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                Records
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Accuracy, original order [95% CI]
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                Both orders [95% CI]
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                Position consistency
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                Run
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) =>
              row.kind === "reference" ? (
                <tr key={`ref-${row.judge}`} className="border-t border-slate-200 bg-slate-50 text-slate-700 dark:border-slate-800 dark:bg-slate-950 dark:text-slate-300" data-testid="reference-row">
                  <th scope="row" className="px-3 py-2 font-medium">
                    {row.judge} <span className="font-normal text-slate-600 dark:text-slate-400">(published)</span>
                  </th>
                  <td className="px-3 py-2">SciArena-Eval</td>
                  <td className="px-3 py-2 text-right">–</td>
                  <td className="px-3 py-2">
                    <div className="flex items-center gap-3">
                      <AccuracyBar value={row.accuracy} reference />
                      <span className="tabular-nums">{percent(row.accuracy)}</span>
                    </div>
                  </td>
                  <td className="px-3 py-2 text-right">–</td>
                  <td className="px-3 py-2 text-right">–</td>
                  <td className="px-3 py-2 text-right">–</td>
                </tr>
              ) : (
                <tr key={row.evaluation.id} className="border-t border-slate-200 align-top dark:border-slate-800" data-testid="evaluation-row">
                  <th scope="row" className="px-3 py-2 font-medium">
                    <span className="font-mono">{row.evaluation.judge}</span>
                    <span className="block text-xs font-normal text-slate-600 dark:text-slate-400">
                      {row.evaluation.judgeProvider}/{row.evaluation.judgeModel}
                    </span>
                  </th>
                  <td className="px-3 py-2">
                    <span className="font-mono text-xs">{row.evaluation.dataset}</span>
                    <details className="mt-1 text-xs">
                      <summary className="cursor-pointer text-indigo-700 dark:text-indigo-300">per discipline and category</summary>
                      <div className="mt-1 w-72">
                        <GroupTable title="Per discipline" groups={row.evaluation.bySubject} />
                        <GroupTable title="Per question category" groups={row.evaluation.byQuestionType} />
                        <p className="mt-2 text-slate-600 dark:text-slate-400">
                          Unusable answers: {row.evaluation.unparseable}. First-shown answer picked: {percent(row.evaluation.firstPositionRate)}. File SHA-256{" "}
                          <code title={row.evaluation.datasetSha256}>{row.evaluation.datasetSha256.slice(0, 12)}…</code>
                        </p>
                      </div>
                    </details>
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{row.evaluation.records.toLocaleString("en-US")}</td>
                  <td className="px-3 py-2">
                    <div className="flex items-center gap-3">
                      <AccuracyBar value={row.evaluation.accuracyOriginalOrder} ci={row.evaluation.accuracyOriginalOrderCi95} />
                      <span className="whitespace-nowrap tabular-nums">
                        {percent(row.evaluation.accuracyOriginalOrder)}
                        {row.evaluation.accuracyOriginalOrderCi95
                          ? ` [${percent(row.evaluation.accuracyOriginalOrderCi95[0])}, ${percent(row.evaluation.accuracyOriginalOrderCi95[1])}]`
                          : ""}
                      </span>
                    </div>
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">
                    {percent(row.evaluation.accuracy)} [{percent(row.evaluation.accuracyCi95[0])}, {percent(row.evaluation.accuracyCi95[1])}]
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{percent(row.evaluation.positionConsistency)}</td>
                  <td className="whitespace-nowrap px-3 py-2 text-right text-xs text-slate-600 dark:text-slate-400">
                    <time dateTime={row.evaluation.createdAt}>{row.evaluation.createdAt.slice(0, 10)}</time>
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>

      {evaluations.length === 0 ? (
        <p className="mt-4 text-sm text-slate-700 dark:text-slate-300" data-testid="no-evaluations">
          No judge has been evaluated on this site yet. Download the Eval split and run, for example:{" "}
          <code className="rounded bg-slate-100 px-1 dark:bg-slate-800">npm run eval:judge -- --data sciarena-eval.jsonl --judge demo-judge</code>
        </p>
      ) : null}
      <p className="mt-4 text-xs text-slate-600 dark:text-slate-400">
        The bars run from 30% to 90%; the dashed line is a coin flip (50%). Original-order accuracy is the figure comparable with the published
        ones; &quot;both orders&quot; averages the two presentations and so cancels a position bias.
      </p>
    </div>
  );
}
