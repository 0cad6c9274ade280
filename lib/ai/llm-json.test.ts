import { describe, expect, it } from "vitest";
import { extractJson } from "./llm-json";

describe("extractJson", () => {
  it("finds the first JSON value in a chatty reply", () => {
    expect(extractJson('Sure! Here it is:\n```json\n{"a": [1, {"b": "}"}]}\n```\nAnything else?')).toEqual({ a: [1, { b: "}" }] });
    expect(extractJson('<think>{"not": "this"}</think> [{"id": 1, "label": "supporting"}]')).toEqual([{ id: 1, label: "supporting" }]);
    expect(extractJson('{"quote": "a \\"quoted\\" brace }"}')).toEqual({ quote: 'a "quoted" brace }' });
  });

  it("refuses replies without complete JSON", () => {
    expect(() => extractJson("no json here")).toThrow(/no JSON/);
    expect(() => extractJson('{"a": 1')).toThrow(/incomplete/);
  });
});
