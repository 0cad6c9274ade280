import type { JudgeEvaluation, JudgeGroupMetrics, Proportion } from "@/lib/dataset";

// The judge CLI's results table: plain text, one row per group.

export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? "–" : `${(value * 100).toFixed(digits)}%`;
}

function withCi(proportion: Proportion): string {
  if (proportion.value === null) return "–";
  return proportion.ci95 ? `${percent(proportion.value)} [${percent(proportion.ci95[0])}, ${percent(proportion.ci95[1])}]` : percent(proportion.value);
}

export function textTable(header: string[], rows: string[][]): string {
  const cells = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column].length)));
  const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  ");
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n");
}

const HEADER = ["group", "records", "accuracy (both orders) [95% CI]", "original order [95% CI]", "swapped", "position consistency", "first shown picked", "unusable"];

function row(label: string, metrics: JudgeGroupMetrics): string[] {
  return [
    label,
    String(metrics.records),
    withCi(metrics.accuracy),
    withCi(metrics.accuracyOriginalOrder),
    percent(metrics.accuracySwappedOrder.value),
    percent(metrics.positionConsistency.value),
    percent(metrics.firstPositionRate),
    String(metrics.unparseable),
  ];
}

export function formatJudgeReport(evaluation: JudgeEvaluation, title: string): string {
  const sections = [
    title,
    "",
    textTable(HEADER, [row("overall", evaluation.overall)]),
    "",
    "per discipline",
    textTable(HEADER, evaluation.bySubject.map((metrics) => row(metrics.group ?? "(none)", metrics))),
    "",
    "per question category",
    textTable(HEADER, evaluation.byQuestionType.map((metrics) => row(metrics.group ?? "(none)", metrics))),
    "",
    `published reference points (original order): ${evaluation.references.map((reference) => `${reference.judge} ${percent(reference.accuracy)}`).join(", ")}`,
    `random judge on ${evaluation.overall.records} records: 95% land in ${
      evaluation.randomBaseline.range95 ? `[${percent(evaluation.randomBaseline.range95[0])}, ${percent(evaluation.randomBaseline.range95[1])}]` : "–"
    }`,
  ];
  if (evaluation.skippedNotDecisive > 0) sections.push(`${evaluation.skippedNotDecisive} tie or both-bad records not scored`);
  return sections.join("\n");
}
