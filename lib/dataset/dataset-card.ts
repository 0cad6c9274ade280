import type { BalancedSampleReport } from "./balanced-sample";
import { PUBLISHED_JUDGE_ACCURACY, PUBLISHED_JUDGE_SOURCE } from "./judge-reference";
import type { GroupCounts, SplitStats } from "./split-stats";

// The dataset card (README.md) in the Hugging Face format: a YAML header the Hub reads (license, task,
// size, configs with their data files) followed by the human-readable description. Pure text from the
// inputs: no clock, so the same export gives the same card.

export interface DatasetCardSplit {
  /** Hub config name, e.g. "sciarena_eval" or "train". */
  configName: string;
  /** Split name inside the config, e.g. "test" or "train". */
  splitName: string;
  /** The file the Hub loads for this split (prefer the Parquet one). */
  dataFile: string;
  /** Other files with the same records, e.g. the JSONL twin of the Parquet file. */
  otherFiles?: string[];
  description: string;
  stats: SplitStats;
}

export interface DatasetCardInput {
  prettyName?: string;
  /** SPDX-style id the Hub understands, e.g. "cc-by-4.0". */
  license?: string;
  splits: DatasetCardSplit[];
  /** Report of the balanced sampling that produced the Eval split. */
  sampling?: BalancedSampleReport;
  /** Shown as "as of"; pass the export time or the newest vote time. Omitted: no date line. */
  snapshotDate?: string;
  /** Where the platform runs, for the collection-process section. */
  platformUrl?: string;
  /** Whether only annotators who consented to publication are included (default true). */
  consentRequired?: boolean;
}

export const DEFAULT_PRETTY_NAME = "Open SciArena: human preferences on literature-grounded answers";
export const DEFAULT_LICENSE = "cc-by-4.0";

/** The Hub's size buckets. */
export function sizeCategory(records: number): string {
  const buckets: [number, string][] = [
    [1e3, "n<1K"],
    [1e4, "1K<n<10K"],
    [1e5, "10K<n<100K"],
    [1e6, "100K<n<1M"],
    [1e7, "1M<n<10M"],
    [1e8, "10M<n<100M"],
    [1e9, "100M<n<1B"],
  ];
  return buckets.find(([limit]) => records < limit)?.[1] ?? "n>1T";
}

/** JSON strings are valid YAML double-quoted scalars, so quoting through JSON is always safe. */
function yamlString(value: string): string {
  return JSON.stringify(value);
}

function markdownCell(value: string | number | null): string {
  if (value === null) return "_(none)_";
  return String(value).replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function table(header: string[], rows: (string | number | null)[][]): string {
  const line = (cells: (string | number | null)[]) => `| ${cells.map(markdownCell).join(" | ")} |`;
  return [line(header), `|${header.map(() => "---").join("|")}|`, ...rows.map(line)].join("\n");
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function yamlHeader(input: DatasetCardInput, prettyName: string, license: string): string {
  const largestSplit = Math.max(0, ...input.splits.map((split) => split.stats.total));
  const configNames = [...new Set(input.splits.map((split) => split.configName))];
  const lines = [
    "---",
    `pretty_name: ${yamlString(prettyName)}`,
    `license: ${yamlString(license)}`,
    "language:",
    "- en",
    "task_categories:",
    "- text-classification",
    "- text-generation",
    "tags:",
    "- scientific-literature",
    "- human-preferences",
    "- llm-as-a-judge",
    "- evaluation",
    "size_categories:",
    `- ${sizeCategory(largestSplit)}`,
    "configs:",
  ];
  configNames.forEach((configName, index) => {
    lines.push(`- config_name: ${yamlString(configName)}`);
    if (index === 0) lines.push("  default: true");
    lines.push("  data_files:");
    for (const split of input.splits.filter((candidate) => candidate.configName === configName)) {
      lines.push(`  - split: ${yamlString(split.splitName)}`, `    path: ${yamlString(split.dataFile)}`);
    }
  });
  lines.push("---");
  return lines.join("\n");
}

const FIELD_ROWS: [string, string, string][] = [
  ["id", "string", "Unique id of the vote."],
  ["question", "string", "The researcher's literature question."],
  ["responseA", "string", "Answer of the model shown as A, with numbered citations [n] into paper_bank."],
  ["responseB", "string", "Answer of the model shown as B."],
  ["modelA", "string", "Model shown as A (slug)."],
  ["modelB", "string", "Model shown as B (slug)."],
  ["vote", '"A", "B", "tie" or "bad"', 'The researcher\'s vote; "bad" means both answers were bad.'],
  ["citations_a", "list of citation", "Papers cited by response A, in order of first citation."],
  ["citations_b", "list of citation", "Papers cited by response B."],
  ["question_type", "string or null", "Question category."],
  ["subject", "string or null", "Discipline of the question."],
  ["paper_bank", "list of citation + number", "The numbered reference list both models were given; `number` is the [n] they cite."],
  ["created_at", "string (ISO 8601)", "Time of the vote (UTC)."],
  ["annotator", "string", "Pseudonym of the researcher (salted HMAC-SHA256, 16 hex characters); one researcher, one pseudonym."],
  ["reason", "string or null", "The researcher's optional one-line reason."],
];

const CITATION_ROWS: [string, string, string][] = [
  ["concise_authors", "string", '"Smith", "Smith and Jones" or "Smith et al."'],
  ["title", "string", "Paper title."],
  ["authors", "list of string", "Author names in order."],
  ["year", "int32 or null", "Publication year."],
  ["paper_id", "string", 'Stable source id, e.g. "arxiv:1706.03762", "doi:10.1/x".'],
  ["content", "string", "The passage text the models were given for this reference."],
];

function countsTable(groups: GroupCounts[], label: string): string {
  return table(
    [label, "records", "A", "B", "tie", "bad"],
    groups.map((group) => [group.name, group.total, group.votes.A, group.votes.B, group.votes.tie, group.votes.bad]),
  );
}

function samplingSection(report: BalancedSampleReport): string {
  return [
    "## Sampling of the Eval split",
    "",
    `Seed \`${report.seed}\`, ${report.votesPerSide} votes for A and ${report.votesPerSide} for B requested per discipline.`,
    `Method: ${report.method}.`,
    `${report.totalTaken} of ${report.totalConsidered} counted votes taken.`,
    "",
    table(
      ["discipline", "requested per side", "available A", "available B", "ties left out", "both-bad left out", "taken A", "taken B"],
      report.disciplines.map((counts) => [
        counts.discipline,
        counts.requestedPerSide,
        counts.availableA,
        counts.availableB,
        counts.excludedTies,
        counts.excludedBothBad,
        counts.takenA,
        counts.takenB,
      ]),
    ),
  ].join("\n");
}

export function renderDatasetCard(input: DatasetCardInput): string {
  const prettyName = input.prettyName ?? DEFAULT_PRETTY_NAME;
  const license = input.license ?? DEFAULT_LICENSE;
  const sections: string[] = [yamlHeader(input, prettyName, license), `# ${prettyName}`];

  sections.push(
    [
      "Pairwise human preferences between answers of AI models to scientific-literature questions, collected on a",
      "SciArena-style arena (Zhao et al., 2025, arXiv 2507.01001) and published in the SciArena-Eval record format,",
      "so that LLM judges can be scored by their agreement with researchers.",
      input.snapshotDate ? `\nSnapshot as of ${input.snapshotDate}.` : "",
    ]
      .join("\n")
      .trimEnd(),
  );

  sections.push(
    [
      "## Configs and files",
      "",
      table(
        ["config", "split", "records", "files", "contents"],
        input.splits.map((split) => [
          split.configName,
          split.splitName,
          split.stats.total,
          [split.dataFile, ...(split.otherFiles ?? [])].join(", "),
          split.description,
        ]),
      ),
    ].join("\n"),
  );

  sections.push(
    [
      "## Fields",
      "",
      "The first eleven fields are SciArena-Eval's (`citations_a`/`citations_b` are spelled with an s; SciArena's",
      "own files say `citation_a`). `paper_bank`, `created_at`, `annotator` and `reason` are additions.",
      "",
      table(["field", "type", "meaning"], FIELD_ROWS),
      "",
      "A citation is an object with these fields:",
      "",
      table(["field", "type", "meaning"], CITATION_ROWS),
      "",
      "In the Parquet files the citation lists and the paper bank are native nested columns",
      "(list of struct; `authors` a list of string), not JSON text; pandas, pyarrow and `datasets` read them as lists",
      "of dicts. The JSONL files hold the same records, one per line, keys in the order above.",
    ].join("\n"),
  );

  sections.push(
    [
      "## Collection process",
      "",
      `Researchers signed in to the arena${input.platformUrl ? ` (${input.platformUrl})` : ""} and asked a literature question.`,
      "The platform retrieved passages from a paper corpus, reranked them and gave the top references to two",
      "anonymous models as a numbered list; both answered with [n] citations, formatting normalized so that style",
      "does not reveal the model. The researcher voted A better, B better, tie or both bad (optional one-line",
      "reason) before the models were revealed.",
      "",
      input.consentRequired === false
        ? "Only counted votes are published: battles where both answers completed, from annotators who were not\n" +
          "excluded by the platform's quality checks (this release does not require a separate publication consent)."
        : "Only counted votes are published: battles where both answers completed, from annotators who consented to\n" +
          "publication and were not excluded by the platform's quality checks.",
    ].join("\n"),
  );

  for (const split of input.splits) {
    sections.push(
      [
        `## Counts: ${split.configName} / ${split.splitName}`,
        "",
        `${split.stats.total} records: A ${split.stats.votes.A}, B ${split.stats.votes.B}, tie ${split.stats.votes.tie}, bad ${split.stats.votes.bad}.`,
        "",
        "Per discipline:",
        "",
        countsTable(split.stats.bySubject, "discipline"),
        "",
        "Per question category:",
        "",
        countsTable(split.stats.byQuestionType, "category"),
      ].join("\n"),
    );
  }

  if (input.sampling) sections.push(samplingSection(input.sampling));

  sections.push(
    [
      "## Evaluating a judge",
      "",
      "Give the judge the question and the two responses and ask for A or B; score accuracy against `vote` on the",
      "records voted A or B. Asking a second time with the responses swapped measures position bias.",
      `Published reference points (${PUBLISHED_JUDGE_SOURCE}, original order only):`,
      "",
      table(
        ["judge", "accuracy"],
        PUBLISHED_JUDGE_ACCURACY.map((reference) => [reference.judge, percent(reference.accuracy)]),
      ),
    ].join("\n"),
  );

  sections.push(
    [
      "## Personal information",
      "",
      "No names, e-mail addresses or account ids are published. `annotator` is a keyed hash of the account id;",
      "without the platform's secret salt it cannot be linked to an account. Questions and reasons are free text",
      "written by researchers and were moderated, but may still contain details they chose to share.",
    ].join("\n"),
  );

  sections.push(
    [
      "## Differences from SciArena-Eval",
      "",
      "- Answers cite `[n]` into `paper_bank` rather than author-year strings, so `concise_authors` has no year",
      "  suffix and is not guaranteed to occur in the response text.",
      "- `vote` keeps ties and both-bad votes in the train split; the Eval split has only A and B votes.",
      "- The passages in `content` and `paper_bank` are excerpts of published papers and remain under their",
      "  publishers' terms; the license above covers the questions, answers, votes and annotations.",
    ].join("\n"),
  );

  sections.push(
    [
      "## Citation",
      "",
      "```bibtex",
      "@inproceedings{zhao2025sciarena,",
      "  title = {SciArena: An Open Evaluation Platform for Foundation Models in Scientific Literature Tasks},",
      "  author = {Zhao, Yilun and others},",
      "  booktitle = {NeurIPS Datasets and Benchmarks},",
      "  year = {2025}",
      "}",
      "```",
    ].join("\n"),
  );

  return `${sections.join("\n\n")}\n`;
}
