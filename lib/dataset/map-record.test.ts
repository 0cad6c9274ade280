import { describe, expect, it } from "vitest";
import { toJsonLine } from "./jsonl";
import { createRecordMapper } from "./map-record";
import { annotatorPseudonym } from "./pseudonym";
import { RECORD_FIELDS, type SciArenaEvalRecord } from "./record";
import { TEST_SALT, storedVote } from "./test-fixtures";

const mapRecord = createRecordMapper({ annotatorSalt: TEST_SALT });

describe("createRecordMapper", () => {
  it("maps a stored vote to a SciArena-Eval record", () => {
    const expected: SciArenaEvalRecord = {
      id: "vote-001",
      question: "Why do transformers outperform RNNs on long sequences?",
      responseA: "Self-attention relates all positions directly [1], unlike recurrence [2].",
      responseB: "Pre-training helps [2].",
      modelA: "demo-alpha",
      modelB: "demo-beta",
      vote: "A",
      citations_a: [
        {
          concise_authors: "Vaswani et al.",
          title: "Attention Is All You Need",
          authors: ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar"],
          year: 2017,
          paper_id: "arxiv:1706.03762",
          content: "The Transformer relies entirely on attention.",
        },
        {
          concise_authors: "Devlin and Chang",
          title: "BERT: Pre-training of Deep Bidirectional Transformers",
          authors: ["Devlin, Jacob", "Chang, Ming-Wei"],
          year: 2019,
          paper_id: "arxiv:1810.04805",
          content: "BERT is pre-trained bidirectionally.",
        },
      ],
      citations_b: [
        {
          concise_authors: "Devlin and Chang",
          title: "BERT: Pre-training of Deep Bidirectional Transformers",
          authors: ["Devlin, Jacob", "Chang, Ming-Wei"],
          year: 2019,
          paper_id: "arxiv:1810.04805",
          content: "BERT is pre-trained bidirectionally.",
        },
      ],
      question_type: "Conceptual Explanation",
      subject: "Computer Science",
      paper_bank: [
        {
          number: 1,
          concise_authors: "Vaswani et al.",
          title: "Attention Is All You Need",
          authors: ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar"],
          year: 2017,
          paper_id: "arxiv:1706.03762",
          content: "The Transformer relies entirely on attention.",
        },
        {
          number: 2,
          concise_authors: "Devlin and Chang",
          title: "BERT: Pre-training of Deep Bidirectional Transformers",
          authors: ["Devlin, Jacob", "Chang, Ming-Wei"],
          year: 2019,
          paper_id: "arxiv:1810.04805",
          content: "BERT is pre-trained bidirectionally.",
        },
        {
          number: 3,
          concise_authors: "Anonymous",
          title: "A technical report",
          authors: [],
          year: null,
          paper_id: "doi:10.1000/report",
          content: "Unrelated passage.",
        },
      ],
      created_at: "2025-03-04T05:06:07.089Z",
      annotator: annotatorPseudonym(TEST_SALT, "user-alice"),
      reason: "A cites the original paper",
    };
    const record = mapRecord(storedVote());
    expect(record).toEqual(expected);
    expect(Object.keys(record)).toEqual([...RECORD_FIELDS]);
  });

  it.each([
    ["A", "A"],
    ["B", "B"],
    ["TIE", "tie"],
    ["BOTH_BAD", "bad"],
  ] as const)("spells choice %s as vote %j", (choice, vote) => {
    expect(mapRecord(storedVote({ choice })).vote).toBe(vote);
  });

  it("publishes blank reasons, disciplines and categories as null", () => {
    const record = mapRecord(storedVote({ reason: "  ", discipline: "", category: "\t" }));
    expect(record.reason).toBeNull();
    expect(record.subject).toBeNull();
    expect(record.question_type).toBeNull();
  });

  it("never publishes the user id, only its pseudonym", () => {
    const line = toJsonLine(mapRecord(storedVote({ annotatorUserId: "cm-user-7f3a9" })));
    expect(line).not.toContain("cm-user-7f3a9");
    expect(line).toContain(annotatorPseudonym(TEST_SALT, "cm-user-7f3a9"));
  });

  it("does not share arrays with the stored vote", () => {
    const vote = storedVote();
    const record = mapRecord(vote);
    record.citations_a[0].authors.push("Someone Else");
    expect(vote.citationsA[0].paper.authors).toHaveLength(3);
  });

  it("rejects an invalid timestamp and a short salt", () => {
    expect(() => mapRecord(storedVote({ createdAt: new Date("not a date") }))).toThrow(/invalid createdAt/);
    expect(() => createRecordMapper({ annotatorSalt: "short" })).toThrow(/at least 16/);
  });
});
