import type { ParquetWriter } from "hyparquet-writer";
import { CITATION_FIELDS, PAPER_BANK_FIELDS, RECORD_FIELDS } from "./record";

// The Parquet layout of a record: flat text columns plus native nested lists of structs for the
// citations and the paper bank (see docs/decisions/020-dataset-format.md). The schema is a flat
// pre-order list of the tree, as Parquet's footer stores it.

// hyparquet-writer bundles its own hyparquet version, so the element type is taken from the writer.
type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]["schema"][number];

const text = (name: string): SchemaElement => ({
  name,
  type: "BYTE_ARRAY",
  converted_type: "UTF8",
  repetition_type: "REQUIRED",
});

const optionalText = (name: string): SchemaElement => ({ ...text(name), repetition_type: "OPTIONAL" });

const listOf = (name: string, element: SchemaElement[]): SchemaElement[] => [
  { name, repetition_type: "REQUIRED", converted_type: "LIST", num_children: 1 },
  { name: "list", repetition_type: "REPEATED", num_children: 1 },
  ...element,
];

const citationFields = (): SchemaElement[] => [
  text("concise_authors"),
  text("title"),
  ...listOf("authors", [text("element")]),
  { name: "year", type: "INT32", repetition_type: "OPTIONAL" },
  text("paper_id"),
  text("content"),
];

const citationList = (name: string): SchemaElement[] =>
  listOf(name, [{ name: "element", repetition_type: "REQUIRED", num_children: CITATION_FIELDS.length }, ...citationFields()]);

const paperBankList = (): SchemaElement[] =>
  listOf("paper_bank", [
    { name: "element", repetition_type: "REQUIRED", num_children: PAPER_BANK_FIELDS.length },
    { name: "number", type: "INT32", repetition_type: "REQUIRED" },
    ...citationFields(),
  ]);

export const RECORD_PARQUET_SCHEMA: readonly SchemaElement[] = [
  { name: "root", num_children: RECORD_FIELDS.length },
  text("id"),
  text("question"),
  text("responseA"),
  text("responseB"),
  text("modelA"),
  text("modelB"),
  text("vote"),
  ...citationList("citations_a"),
  ...citationList("citations_b"),
  optionalText("question_type"),
  optionalText("subject"),
  ...paperBankList(),
  optionalText("created_at"),
  optionalText("annotator"),
  optionalText("reason"),
];
