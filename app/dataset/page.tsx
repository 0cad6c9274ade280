import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import type { GroupCounts } from "@/lib/dataset";
import { describeDataset, type DatasetFileInfo } from "@/lib/dataset-export/describe";

export const metadata: Metadata = {
  title: "Dataset",
  description: "Researchers' votes on AI answers to literature questions, as a SciArena-Eval-style benchmark for LLM judges.",
};
export const dynamic = "force-dynamic";

const FILE_CONTENTS: Record<string, string> = {
  "sciarena-eval.parquet": "Eval split: balanced per discipline (Parquet)",
  "sciarena-eval.jsonl": "Eval split: the same records as JSON Lines",
  "train.parquet": "Train split: every counted vote, ties and both-bad included (Parquet)",
  "train.jsonl": "Train split: the same records as JSON Lines",
  "README.md": "Dataset card (Hugging Face format)",
  "manifest.json": "Counts, sampling report and checksums",
};

const number = (value: number) => value.toLocaleString("en-US");

function size(bytes: number | null): string {
  if (bytes === null) return "–";
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="mt-8">
      <h2 id={id} className="text-lg font-semibold tracking-tight">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Table({ caption, header, rows, testId, textColumns = 1 }: { caption: string; header: string[]; rows: ReactNode[][]; testId?: string; textColumns?: number }) {
  return (
    // Focusable, so that keyboard users can scroll a wide table on a phone.
    <div tabIndex={0} role="region" aria-label={`${caption} (scrollable table)`} className="mt-3 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200">
          <tr>
            {header.map((cell, index) => (
              <th key={cell} scope="col" className={`px-3 py-2 font-medium ${index >= textColumns ? "text-right" : ""}`}>
                {cell}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, rowIndex) => (
            <tr key={rowIndex} className="border-t border-slate-200 dark:border-slate-800">
              {row.map((cell, index) =>
                index === 0 ? (
                  <th key={index} scope="row" className="px-3 py-2 font-normal">
                    {cell}
                  </th>
                ) : (
                  <td key={index} className={`px-3 py-2 tabular-nums ${index >= textColumns ? "text-right" : ""}`}>
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function countRows(train: GroupCounts[], evaluation: GroupCounts[]): ReactNode[][] {
  return train.map((group) => {
    const inEval = evaluation.find((candidate) => candidate.name === group.name);
    return [
      group.name ?? <span className="italic text-slate-600 dark:text-slate-400">none given</span>,
      number(group.total),
      number(group.votes.A),
      number(group.votes.B),
      number(group.votes.tie),
      number(group.votes.bad),
      number(inEval?.total ?? 0),
    ];
  });
}

function FileRow(file: DatasetFileInfo): ReactNode[] {
  return [
    <a key="link" href={file.url} className="font-mono font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300" download={file.name.endsWith(".md") || file.name.endsWith(".json") ? undefined : file.name}>
      {file.name}
    </a>,
    <span key="contents" className="block min-w-48">
      {FILE_CONTENTS[file.name] ?? ""}
    </span>,
    file.records === null ? "–" : number(file.records),
    size(file.bytes),
    file.sha256 ? (
      <code key="sha" title={file.sha256} className="text-xs">
        {file.sha256.slice(0, 12)}…
      </code>
    ) : (
      "–"
    ),
  ];
}

const CODE = "mt-2 overflow-x-auto rounded-lg bg-slate-900 p-3 text-sm text-slate-100";

export default async function DatasetPage() {
  const dataset = await describeDataset({ waitMs: 5000, withCard: true });
  const snapshot = dataset.snapshot;
  return (
    <div className="mx-auto max-w-5xl">
      <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">The Open SciArena dataset</h1>
      <p className="mt-2 max-w-3xl text-slate-700 dark:text-slate-300">
        Researchers asked literature questions, two anonymous models answered with numbered citations, and the researchers voted
        for the better answer. Those votes are published here in the record format of SciArena-Eval, a meta-evaluation benchmark:
        it measures how often an LLM judge picks the answer researchers preferred.
      </p>

      {dataset.status === "preparing" ? (
        <p role="status" className="mt-6 rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-50">
          The first export is being prepared. Reload this page in a few seconds.
        </p>
      ) : null}
      {dataset.status === "unavailable" ? (
        <p role="alert" className="mt-6 rounded-lg border border-red-300 bg-red-50 p-4 text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-50">
          The dataset is not available right now. Please try again later.
        </p>
      ) : null}

      {snapshot ? (
        <>
          <dl className="mt-6 grid grid-cols-1 gap-3 sm:grid-cols-3" data-testid="dataset-summary">
            {[
              ["Counted votes (train split)", number(snapshot.train.total)],
              ["Eval split (A and B votes, balanced)", number(snapshot.eval.total)],
              ["Votes up to", snapshot.newestVoteAt ? new Date(snapshot.newestVoteAt).toISOString().slice(0, 10) : "no votes yet"],
            ].map(([label, value]) => (
              <div key={label} className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
                <dt className="text-sm text-slate-600 dark:text-slate-400">{label}</dt>
                <dd className="mt-1 text-2xl font-semibold tabular-nums">{value}</dd>
              </div>
            ))}
          </dl>
          {dataset.refreshing ? (
            <p role="status" className="mt-2 text-sm text-slate-600 dark:text-slate-400">
              New votes arrived; a fresh export is being prepared and will replace these files shortly.
            </p>
          ) : null}

          <Section id="downloads" title="Download">
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
              Exported {new Date(snapshot.publishedAt).toUTCString()}. Only counted votes are included: completed battles, from researchers
              {snapshot.settings.requireConsent ? " who consented to publication and" : ""} not excluded by quality checks. No names or e-mail
              addresses; annotators appear as salted pseudonyms.
            </p>
            <Table caption="Dataset files" header={["File", "Contents", "Records", "Size", "SHA-256"]} rows={dataset.files.map(FileRow)} testId="dataset-files" textColumns={2} />
          </Section>

          <Section id="per-discipline" title="Votes per discipline">
            <Table
              caption="Votes per discipline"
              header={["Discipline", "Votes", "A", "B", "Tie", "Both bad", "In Eval split"]}
              rows={countRows(snapshot.train.bySubject, snapshot.eval.bySubject)}
              testId="counts-per-discipline"
            />
          </Section>

          <Section id="per-category" title="Votes per question category">
            <Table
              caption="Votes per question category"
              header={["Category", "Votes", "A", "B", "Tie", "Both bad", "In Eval split"]}
              rows={countRows(snapshot.train.byQuestionType, snapshot.eval.byQuestionType)}
              testId="counts-per-category"
            />
          </Section>

          <Section id="sampling" title="How the Eval split is drawn">
            <p className="mt-1 max-w-3xl text-sm text-slate-700 dark:text-slate-300">
              Per discipline, {snapshot.sampling.votesPerSide} votes for A and {snapshot.sampling.votesPerSide} for B (ties and both-bad
              left out), fewer where a discipline has fewer of either; seeded (seed {snapshot.sampling.seed}), so the same votes always give
              the same files.
            </p>
            <Table
              caption="Eval split sampling per discipline"
              header={["Discipline", "Available A", "Available B", "Taken A", "Taken B"]}
              rows={snapshot.sampling.disciplines.map((d) => [
                d.discipline ?? <span className="italic text-slate-600 dark:text-slate-400">none given</span>,
                number(d.availableA),
                number(d.availableB),
                number(d.takenA),
                number(d.takenB),
              ])}
            />
          </Section>
        </>
      ) : null}

      <Section id="use" title="Use it">
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">With the Hugging Face <code>datasets</code> library:</p>
        <pre tabIndex={0} className={CODE}>
          <code>{`from datasets import load_dataset
ds = load_dataset("parquet", data_files={"test": "<this site>/api/dataset/sciarena-eval.parquet"})`}</code>
        </pre>
        <p className="mt-3 text-sm text-slate-700 dark:text-slate-300">
          Score an LLM judge on it (any configured model, or the built-in offline demo judge), then compare it on the{" "}
          <Link href="/judges" className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
            judges page
          </Link>
          :
        </p>
        <pre tabIndex={0} className={CODE}>
          <code>npm run eval:judge -- --data sciarena-eval.jsonl --judge demo-judge</code>
        </pre>
      </Section>

      {dataset.card ? (
        <Section id="card" title="Dataset card">
          <details className="mt-3 rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
            <summary className="cursor-pointer select-none px-4 py-3 font-medium">README.md: fields, collection process, counts</summary>
            <pre tabIndex={0} className="max-h-[32rem] overflow-auto whitespace-pre-wrap break-words px-4 pb-4 text-xs leading-relaxed" data-testid="dataset-card">
              {dataset.card}
            </pre>
          </details>
        </Section>
      ) : null}
    </div>
  );
}
