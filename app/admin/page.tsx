import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AdminAction } from "@/components/admin/admin-action";
import { RefreshWhile } from "@/components/admin/refresh-while";
import { annotatorOverview } from "@/lib/admin/annotator-overview";
import { modelStats } from "@/lib/admin/model-stats";
import { moderationQueue } from "@/lib/admin/moderation-queue";
import { guardPage } from "@/lib/auth/guard-page";
import { JOB_KINDS, JOB_LABELS } from "@/lib/jobs/job-kinds";
import { listJobs } from "@/lib/jobs/list-jobs";
import type { Agreement } from "@/lib/quality/agreement";

export const metadata: Metadata = { title: "Admin" };
export const dynamic = "force-dynamic";

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
const ms = (x: number | null) => (x === null ? "–" : `${Math.round(x).toLocaleString("en-US")} ms`);
const kappa = (a: Agreement | null) => (a === null || a.n === 0 ? "–" : `${percent(a.accuracy)} / κ ${a.weightedKappa === null ? "–" : a.weightedKappa.toFixed(2)} (n ${a.n})`);

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="mt-8">
      <h2 id={id} className="text-xl font-semibold">{title}</h2>
      <div className="mt-3 overflow-x-auto">{children}</div>
    </section>
  );
}

const th = "border-b border-slate-300 px-2 py-1 text-left font-medium dark:border-slate-700";
const td = "border-b border-slate-200 px-2 py-1 align-top dark:border-slate-800";

export default async function AdminPage() {
  const viewer = await guardPage("admin", "/admin");
  const [jobs, models, questions, annotators] = await Promise.all([listJobs(), modelStats(), moderationQueue(), annotatorOverview()]);
  return (
    <div>
      <h1 className="text-2xl font-semibold">Admin</h1>
      <nav aria-label="Admin sections" className="mt-2 flex gap-3 text-sm underline">
        <a href="#jobs">Jobs</a> <a href="#models">Models</a> <a href="#questions">Questions</a> <a href="#annotators">Annotators</a>
      </nav>

      <Section id="jobs" title="Jobs">
        <RefreshWhile active={jobs.some((job) => job.status === "queued" || job.status === "running")} />
        <div className="flex flex-wrap gap-3">
          {JOB_KINDS.map((kind) => (
            <AdminAction key={kind} url="/api/admin/jobs" body={{ kind }} label={`Start: ${JOB_LABELS[kind]}`} />
          ))}
        </div>
        <table className="mt-3 w-full text-sm" data-testid="jobs">
          <thead><tr><th className={th}>Job</th><th className={th}>Status</th><th className={th}>Started</th><th className={th}>Finished</th><th className={th}>Result</th></tr></thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.id}>
                <td className={td}>{job.kind}</td>
                <td className={td}>{job.status}</td>
                <td className={td}>{job.startedAt ?? job.createdAt}</td>
                <td className={td}>{job.finishedAt ?? "–"}</td>
                <td className={`${td} font-mono text-xs`}>{job.error ?? (job.result ? JSON.stringify(job.result) : "–")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      <Section id="models" title="Models">
        <table className="w-full text-sm">
          <thead><tr><th className={th}>Model</th><th className={th}>Responses</th><th className={th}>Error rate</th><th className={th}>Median first token</th><th className={th}>Median total</th><th className={th}>Cost</th><th className={th}>Active</th></tr></thead>
          <tbody>
            {models.map((m) => (
              <tr key={m.id}>
                <td className={td}>{m.displayName} <span className="text-slate-500">({m.slug})</span></td>
                <td className={td}>{m.responses}</td>
                <td className={td}>{percent(m.errorRate)} ({m.failed})</td>
                <td className={td}>{ms(m.medianFirstTokenMs)}</td>
                <td className={td}>{ms(m.medianTotalMs)}</td>
                <td className={td}>${m.costUsd.toFixed(4)}</td>
                <td className={td}>
                  {m.active ? "yes " : "no "}
                  <AdminAction url={`/api/admin/models/${m.id}`} body={{ active: !m.active }} label={m.active ? "Deactivate" : "Activate"} tone={m.active ? "danger" : "normal"} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      <Section id="questions" title="Questions (moderation queue first)">
        <table className="w-full text-sm">
          <thead><tr><th className={th}>Question</th><th className={th}>Discipline</th><th className={th}>Status</th><th className={th}>Battles</th><th className={th}>Action</th></tr></thead>
          <tbody>
            {questions.map((q) => (
              <tr key={q.id}>
                <td className={td}>{q.text}</td>
                <td className={td}>{q.discipline ?? "–"}</td>
                <td className={td}>{q.status}{q.reason ? ` (${q.reason})` : ""}</td>
                <td className={td}>{q.battles}</td>
                <td className={td}>
                  {q.status === "hidden" ? (
                    <AdminAction url={`/api/admin/questions/${q.id}`} body={{ decision: "allow" }} label="Allow" />
                  ) : (
                    <AdminAction url={`/api/admin/questions/${q.id}`} body={{ decision: "hide" }} label="Hide" tone="danger" />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      <Section id="annotators" title="Annotators">
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Agreement with the original votes of re-annotated battles (accuracy / weighted κ). Self-consistency:{" "}
          {kappa(annotators.agreement.selfConsistency[0]?.agreement ?? null)}; inter-annotator: {kappa(annotators.agreement.interAnnotator[0]?.agreement ?? null)}.
        </p>
        <table className="mt-2 w-full text-sm" data-testid="agreement">
          <caption className="text-left text-sm font-medium">Agreement per discipline (accuracy / weighted κ)</caption>
          <thead><tr><th className={th}>Discipline</th><th className={th}>Self-consistency</th><th className={th}>Inter-annotator</th></tr></thead>
          <tbody>
            {[...new Set([...annotators.agreement.selfConsistency, ...annotators.agreement.interAnnotator].map((g) => g.group))].map((group) => (
              <tr key={group}>
                <td className={td}>{group}</td>
                <td className={td}>{kappa(annotators.agreement.selfConsistency.find((g) => g.group === group)?.agreement ?? null)}</td>
                <td className={td}>{kappa(annotators.agreement.interAnnotator.find((g) => g.group === group)?.agreement ?? null)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="mt-4 w-full text-sm">
          <thead><tr><th className={th}>Annotator</th><th className={th}>Discipline</th><th className={th}>Votes</th><th className={th}>Agreement</th><th className={th}>Flags</th><th className={th}>Status</th><th className={th}>Actions</th></tr></thead>
          <tbody>
            {annotators.annotators.map((a) => (
              <tr key={a.userId}>
                <td className={td}>{a.name ?? a.email ?? a.userId}{a.role === "admin" ? " (admin)" : ""}</td>
                <td className={td}>{a.discipline ?? "–"}</td>
                <td className={td}>{a.votes}</td>
                <td className={td}>{kappa(a.agreement)}</td>
                <td className={td}>{a.activeFlags.map((f) => `${f.test} p=${f.pValue.toExponential(2)}`).join("; ") || "–"}</td>
                <td className={td}>{a.excluded ? "excluded" : a.activeFlags.length > 0 ? "flagged" : "counted"}{a.datasetConsent ? "" : " (no consent)"}</td>
                <td className={`${td} space-x-1`}>
                  {a.excluded || a.activeFlags.length > 0 ? (
                    <AdminAction url={`/api/admin/annotators/${a.userId}`} body={{ action: "reinstate" }} label="Reinstate" />
                  ) : (
                    <AdminAction url={`/api/admin/annotators/${a.userId}`} body={{ action: "exclude" }} label="Exclude" tone="danger" />
                  )}
                  {a.userId === viewer.id ? null : (
                    <AdminAction url={`/api/admin/users/${a.userId}/role`} body={{ role: a.role === "admin" ? "researcher" : "admin" }} label={a.role === "admin" ? "Remove admin" : "Make admin"} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </div>
  );
}
