import type { AgreementReport } from "@/lib/annotators/compute-agreement";
import type { Agreement } from "@/lib/quality/agreement";

// The text npm run quality prints: agreement per discipline, as SciArena reports it.

const cell = (a: Agreement | undefined) =>
  !a || a.n === 0 ? ["0", "–", "–"] : [String(a.n), a.accuracy.toFixed(3), a.weightedKappa === null ? "–" : a.weightedKappa.toFixed(3)];

export function formatAgreementReport(report: Pick<AgreementReport, "selfConsistency" | "interAnnotator">): string {
  const groups = [...new Set([...report.selfConsistency, ...report.interAnnotator].map((g) => g.group))].sort((a, b) => (a === "all" ? -1 : b === "all" ? 1 : a.localeCompare(b)));
  const rows = groups.map((group) => [
    group,
    ...cell(report.selfConsistency.find((g) => g.group === group)?.agreement),
    ...cell(report.interAnnotator.find((g) => g.group === group)?.agreement),
  ]);
  const header = ["discipline", "self n", "self acc", "self κw", "inter n", "inter acc", "inter κw"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
