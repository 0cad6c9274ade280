import { describe, expect, it } from "vitest";
import { readRecords, readRecordsFromText, type RecordReadIssue } from "./read-records";
import type { SciArenaEvalRecord } from "./record";

// Shaped like the public SciArena-Eval-2000.json: a pretty-printed array written by Python, with bare
// NaN, "question type" spelled with a space, citation_a without the s, and lower-case votes.
const SCIARENA_ARRAY = `[
  {
    "id": "e1",
    "question": "How do accelerated ageing studies predict paper degradation?",
    "responseA": "Cyclic ageing helps (Mihajlovic et al. 2023a).",
    "responseB": "Kinetic models help (Tetreault et al. 2023a).",
    "modelA": "o3",
    "modelB": "gpt-4.1",
    "vote": "a",
    "citation_a": [
      {
        "concise_authors": "Mihajlovic et al. 2023a",
        "title": "Cyclic ageing",
        "authors": ["Ana Mihajlovic", "B. Two", "C. Three"],
        "year": NaN,
        "corpus_id": 12345,
        "content": "Cyclic ageing is 1.5 times faster. NaN stays in text."
      }
    ],
    "citation_b": NaN,
    "question type": "Methodology",
    "subject": "Chemistry"
  },
  {
    "id": 2,
    "question": "Q2",
    "responseA": "x",
    "responseB": "y",
    "modelA": "m1",
    "modelB": "m2",
    "vote": "Tie",
    "citation_a": [],
    "citation_b": [{"title": "T", "authors": [{"name": "Jane Roe"}, {"name": "John Doe"}], "year": "2021", "content": ["p1", "p2"]}],
    "question type": NaN,
    "subject": "Biology"
  },
  {"id": "e3", "question": "Q3", "responseA": "x", "responseB": "y", "vote": "tie (bothbad)"},
  {"id": "e4", "question": "Q4", "responseA": "x", "responseB": "y", "vote": "model_b"},
  {"id": "e5", "question": "Q5", "responseA": "x", "responseB": "y", "vote": "no idea"},
  {"id": "e6", "question": "Q6", "responseA": "x", "vote": "A"}
]`;

describe("readRecordsFromText on public SciArena files", () => {
  const { records, issues } = readRecordsFromText(SCIARENA_ARRAY);

  it("reads the usable records and normalizes their quirks", () => {
    expect(records.map((record) => [record.id, record.vote])).toEqual([
      ["e1", "A"],
      ["2", "tie"],
      ["e3", "bad"],
      ["e4", "B"],
    ]);
    const [first, second] = records;
    expect(first).toEqual<SciArenaEvalRecord>({
      id: "e1",
      question: "How do accelerated ageing studies predict paper degradation?",
      responseA: "Cyclic ageing helps (Mihajlovic et al. 2023a).",
      responseB: "Kinetic models help (Tetreault et al. 2023a).",
      modelA: "o3",
      modelB: "gpt-4.1",
      vote: "A",
      citations_a: [
        {
          concise_authors: "Mihajlovic et al. 2023a",
          title: "Cyclic ageing",
          authors: ["Ana Mihajlovic", "B. Two", "C. Three"],
          year: null,
          paper_id: "12345",
          content: "Cyclic ageing is 1.5 times faster. NaN stays in text.",
        },
      ],
      citations_b: [],
      question_type: "Methodology",
      subject: "Chemistry",
      paper_bank: [],
      created_at: null,
      annotator: null,
      reason: null,
    });
    expect(second.question_type).toBeNull();
    expect(second.citations_b).toEqual([
      { concise_authors: "Roe and Doe", title: "T", authors: ["Jane Roe", "John Doe"], year: 2021, paper_id: "", content: "p1\n\np2" },
    ]);
  });

  it("reports the records it cannot use, with their position", () => {
    expect(issues).toEqual<RecordReadIssue[]>([
      { position: 5, problem: 'unrecognized vote "no idea"' },
      { position: 6, problem: "missing responseA or responseB" },
    ]);
  });
});

describe("readRecords", () => {
  it("reads JSON Lines the same way as a JSON array", async () => {
    const jsonl = [
      '{"id": "e1", "question": "Q", "responseA": "x", "responseB": "y", "vote": "B", "question type": "Survey", "citation_a": NaN}',
      "this line is broken",
      '{"id": "e2", "question": "Q", "responseA": "x", "responseB": "y", "vote": "Both bad"}',
    ].join("\n");
    const issues: RecordReadIssue[] = [];
    const records: SciArenaEvalRecord[] = [];
    for await (const record of readRecords([jsonl], { onIssue: (issue) => issues.push(issue) })) records.push(record);
    expect(records.map((record) => [record.id, record.vote, record.question_type, record.citations_a])).toEqual([
      ["e1", "B", "Survey", []],
      ["e2", "bad", null, []],
    ]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ position: 2 });
    expect(issues[0].problem).toMatch(/^invalid JSON/);
  });

  it("reports a byte stream cut off inside a character instead of dropping the bytes", async () => {
    const line = Buffer.from('{"question": "Q", "responseA": "x", "responseB": "y", "vote": "A"}\n', "utf8");
    const truncatedCharacter = Buffer.from("\u{1F9EA}", "utf8").subarray(0, 2);
    const issues: RecordReadIssue[] = [];
    const records: SciArenaEvalRecord[] = [];
    for await (const record of readRecords([line, truncatedCharacter], { onIssue: (issue) => issues.push(issue) })) records.push(record);
    expect(records).toHaveLength(1);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ position: 2 });
  });

  it("gives records a positional id when the file has none", () => {
    const { records } = readRecordsFromText('{"question": "Q", "responseA": "x", "responseB": "y", "vote": "A"}');
    expect(records[0].id).toBe("record-1");
  });
});
