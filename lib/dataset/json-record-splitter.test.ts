import { describe, expect, it } from "vitest";
import { JsonRecordSplitter, splitJsonRecords } from "./json-record-splitter";

const ARRAY_FILE = `\uFEFF[
  {"id": 1, "q": "brackets ] and } in \\"strings\\" [", "c": [{"a": [1, 2]}]},
  {"id": 2, "year": NaN}
]
`;

function splitInPieces(text: string, size: number): string[] {
  const splitter = new JsonRecordSplitter();
  const records: string[] = [];
  for (let i = 0; i < text.length; i += size) records.push(...splitter.push(text.slice(i, i + size)));
  return [...records, ...splitter.end()];
}

describe("splitJsonRecords", () => {
  it("splits a JSON array file into its elements", () => {
    expect(splitJsonRecords(ARRAY_FILE)).toEqual([
      '{"id": 1, "q": "brackets ] and } in \\"strings\\" [", "c": [{"a": [1, 2]}]}',
      '{"id": 2, "year": NaN}',
    ]);
  });

  it("does not end a record at a bracket inside a string after an escaped quote", () => {
    expect(splitJsonRecords('{"q": "x \\" } y"}\n{"q": "\\\\"}')).toEqual(['{"q": "x \\" } y"}', '{"q": "\\\\"}']);
  });

  it("splits JSON Lines, tolerating CRLF and blank lines", () => {
    expect(splitJsonRecords('{"id": 1}\r\n\r\n{"id": 2, "n": NaN}\n')).toEqual(['{"id": 1}', '{"id": 2, "n": NaN}']);
  });

  it("keeps scalar elements as their own (unusable) records", () => {
    expect(splitJsonRecords('[1, NaN, {"id": 3}]')).toEqual(["1", "NaN", '{"id": 3}']);
    expect(splitJsonRecords('NaN\n{"id": 3}')).toEqual(["NaN", '{"id": 3}']);
  });

  it("returns an unterminated last record so that it is reported", () => {
    expect(splitJsonRecords('{"id": 1}\n{"id": 2, "q": "unfinished')).toEqual(['{"id": 1}', '{"id": 2, "q": "unfinished']);
  });

  it("gives the same records however the text is cut into chunks", () => {
    const jsonl = '{"id": 1, "s": "a\\\\"}\n{"id": 2, "s": "\\"}\\""}\n';
    for (const text of [ARRAY_FILE, jsonl]) {
      const whole = splitJsonRecords(text);
      for (const size of [1, 2, 3, 5, 8, 13]) expect(splitInPieces(text, size)).toEqual(whole);
    }
  });
});
