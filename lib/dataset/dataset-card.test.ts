import { describe, expect, it } from "vitest";
import { sampleBalancedPerDiscipline } from "./balanced-sample";
import { renderDatasetCard, sizeCategory, type DatasetCardInput } from "./dataset-card";
import { SplitStatsAccumulator } from "./split-stats";

function statsOf(records: { vote: "A" | "B" | "tie" | "bad"; subject: string | null; question_type: string | null }[]) {
  const stats = new SplitStatsAccumulator();
  records.forEach((record) => stats.add(record));
  return stats.result();
}

const evalStats = statsOf([
  { vote: "A", subject: "Physics | Astronomy", question_type: "Methods" },
  { vote: "B", subject: "Physics | Astronomy", question_type: null },
]);
const trainStats = statsOf([
  { vote: "A", subject: "Physics | Astronomy", question_type: "Methods" },
  { vote: "B", subject: "Physics | Astronomy", question_type: null },
  { vote: "tie", subject: "Biology", question_type: "Methods" },
]);
const sampling = sampleBalancedPerDiscipline(
  [
    { voteId: "v1", discipline: "Physics | Astronomy", choice: "A" },
    { voteId: "v2", discipline: "Physics | Astronomy", choice: "B" },
    { voteId: "v3", discipline: "Biology", choice: "TIE" },
  ],
  { seed: 42 },
).report;

const input: DatasetCardInput = {
  license: "cc-by-4.0",
  splits: [
    { configName: "sciarena_eval", splitName: "test", dataFile: "sciarena-eval.parquet", otherFiles: ["sciarena-eval.jsonl"], description: "balanced", stats: evalStats },
    { configName: "train", splitName: "train", dataFile: "train.jsonl", description: "all counted votes", stats: trainStats },
  ],
  sampling,
  snapshotDate: "2025-06-01",
};

describe("renderDatasetCard", () => {
  const card = renderDatasetCard(input);
  const [, header, body] = card.split(/^---$/m);

  it("starts with a Hugging Face YAML header: license, tasks, size, configs with data files", () => {
    expect(card.startsWith("---\n")).toBe(true);
    expect(header).toContain('license: "cc-by-4.0"');
    expect(header).toMatch(/task_categories:\n- text-classification\n/);
    expect(header).toContain("size_categories:\n- n<1K\n");
    expect(header).toContain('pretty_name: "Open SciArena');
    expect(header).toContain(
      [
        'configs:',
        '- config_name: "sciarena_eval"',
        "  default: true",
        "  data_files:",
        '  - split: "test"',
        '    path: "sciarena-eval.parquet"',
        '- config_name: "train"',
        "  data_files:",
        '  - split: "train"',
        '    path: "train.jsonl"',
      ].join("\n"),
    );
  });

  it("describes the fields, the collection process and the snapshot", () => {
    for (const field of ["id", "question", "responseA", "responseB", "modelA", "modelB", "vote", "citations_a", "citations_b", "question_type", "subject", "paper_bank", "created_at", "annotator", "reason", "concise_authors", "paper_id"]) {
      expect(body).toContain(`| ${field} |`);
    }
    expect(body).toContain("## Collection process");
    expect(body).toContain("Snapshot as of 2025-06-01.");
    expect(body).toContain("native nested columns");
    expect(body).toContain("from annotators who consented to\npublication");
  });

  it("says so when the release does not require a publication consent", () => {
    const withoutConsent = renderDatasetCard({ ...input, consentRequired: false });
    expect(withoutConsent).not.toContain("consented to");
    expect(withoutConsent).toContain("does not require a separate publication consent");
  });

  it("counts per discipline and category, escaping table characters", () => {
    expect(body).toContain("## Counts: sciarena_eval / test");
    expect(body).toContain("| Physics \\| Astronomy | 2 | 1 | 1 | 0 | 0 |");
    expect(body).toContain("| Biology | 1 | 0 | 0 | 1 | 0 |");
    expect(body).toContain("| _(none)_ | 1 | 0 | 1 | 0 | 0 |");
  });

  it("reports the sampling seed and per-discipline counts", () => {
    expect(body).toContain("Seed `42`, 250 votes for A and 250 for B requested per discipline.");
    expect(body).toContain("| Physics \\| Astronomy | 250 | 1 | 1 | 0 | 0 | 1 | 1 |");
    expect(body).toContain("| Biology | 250 | 0 | 0 | 1 | 0 | 0 | 0 |");
  });

  it("lists the published judge reference points", () => {
    expect(body).toContain("| o3 | 65.1% |");
    expect(body).toContain("| GPT-4.1 | 61.9% |");
    expect(body).toContain("| random | 50.0% |");
  });

  it("is the same text for the same input", () => {
    expect(renderDatasetCard(input)).toBe(card);
  });
});

describe("sizeCategory", () => {
  it.each([
    [0, "n<1K"],
    [999, "n<1K"],
    [1000, "1K<n<10K"],
    [250_000, "100K<n<1M"],
    [1_000_000, "1M<n<10M"],
  ])("%i -> %s", (records, category) => {
    expect(sizeCategory(records)).toBe(category);
  });
});
