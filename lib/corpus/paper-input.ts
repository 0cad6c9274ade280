import { z } from "zod";
import { arxivSnapshotSchema } from "./formats/arxiv";
import { beirSchema } from "./formats/beir";
import { openAlexWorkSchema } from "./formats/openalex";
import { s2AbstractSchema, s2PaperSchema, type AbstractPatch } from "./formats/semantic-scholar";

/** A paper as the corpus stores it, whatever file format it came from. */
export interface PaperInput {
  externalId: string;
  source: string;
  title: string;
  authors: string[];
  year: number | null;
  publishedOn: string | null;
  venue: string | null;
  abstract: string;
  url: string | null;
  doi: string | null;
  fieldsOfStudy: string[];
  categories: string[];
  externalIds: Record<string, string>;
}

// Plain validators, normalised once in the object's transform: per-field transforms keep zod off its
// compiled fast path and made parsing the bulk of ingest time (~20x slower).
const optionalString = z.string().nullish();
const optionalList = z.array(z.string()).nullish();
const clean = (s: string | null | undefined) => (s && s.trim() ? s.trim() : null);
const cleanList = (l: string[] | null | undefined) => (l ?? []).map((s) => s.trim()).filter(Boolean);

/** The shared corpus format (../shared/data/corpus/papers/*.jsonl). */
export const corpusPaperSchema = z
  .object({
    id: z.string().trim().min(1, "id is required"),
    source: z.string().nullish(),
    title: z.string().trim().min(1, "title is required"),
    abstract: z.string().trim().min(1, "abstract is required"),
    authors: optionalList,
    year: z.number().int().min(1000).max(3000).nullish(),
    date: optionalString,
    venue: optionalString,
    field: optionalString,
    categories: optionalList,
    doi: optionalString,
    arxiv_id: optionalString,
    pmid: optionalString,
    s2_id: optionalString,
    url: optionalString,
  })
  .transform((r): PaperInput => {
    const doi = clean(r.doi);
    const arxiv = clean(r.arxiv_id);
    const pmid = clean(r.pmid);
    const s2 = clean(r.s2_id);
    const field = clean(r.field);
    const externalIds: Record<string, string> = {};
    if (doi) externalIds.doi = doi;
    if (arxiv) externalIds.arxiv = arxiv;
    if (pmid) externalIds.pmid = pmid;
    if (s2) externalIds.s2 = s2;
    return {
      externalId: r.id,
      source: r.source?.trim() || "corpus",
      title: r.title.replace(/\s+/g, " "),
      authors: cleanList(r.authors),
      year: r.year ?? null,
      publishedOn: clean(r.date),
      venue: clean(r.venue),
      abstract: r.abstract.replace(/\s+/g, " "),
      url: clean(r.url),
      doi,
      fieldsOfStudy: field ? [field] : [],
      categories: cleanList(r.categories),
      externalIds,
    };
  });

export type LineResult =
  | { ok: true; paper: PaperInput }
  | { ok: true; patch: AbstractPatch }
  | { ok: false; error: string };

export const CORPUS_FORMATS = ["shared", "s2-papers", "s2-abstracts", "arxiv", "beir", "openalex"] as const;
export type CorpusFormat = (typeof CORPUS_FORMATS)[number];

/** Which format a parsed line is in, from the fields only that format has; null when none fits. */
export function detectFormat(json: Record<string, unknown>): CorpusFormat | null {
  if ("abstract_inverted_index" in json || (typeof json.id === "string" && json.id.startsWith("https://openalex.org/"))) return "openalex";
  if ("_id" in json) return "beir";
  if ("corpusid" in json || "corpusId" in json) return "title" in json ? "s2-papers" : "s2-abstracts";
  if ("authors_parsed" in json || "journal-ref" in json || "submitter" in json || "update_date" in json) return "arxiv";
  if ("id" in json && "title" in json) return "shared";
  return null;
}

type LineSchema = z.ZodType<PaperInput | AbstractPatch>;

function schemaFor(format: CorpusFormat, options: { idPrefix?: string }): LineSchema {
  switch (format) {
    case "shared":
      return corpusPaperSchema;
    case "s2-papers":
      return s2PaperSchema;
    case "s2-abstracts":
      return s2AbstractSchema;
    case "arxiv":
      return arxivSnapshotSchema;
    case "beir":
      return beirSchema(options.idPrefix);
    case "openalex":
      return openAlexWorkSchema;
  }
}

/**
 * A line parser for one format, or for whichever format each line looks like ("auto"). Never throws:
 * a bad line becomes an error message naming the field.
 */
export function lineParser(format: CorpusFormat | "auto" = "auto", options: { idPrefix?: string } = {}): (line: string) => LineResult {
  const fixed = format === "auto" ? null : schemaFor(format, options);
  return (line) => {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      return { ok: false, error: `invalid JSON (${(error as Error).message})` };
    }
    if (!json || typeof json !== "object" || Array.isArray(json)) return { ok: false, error: "expected a JSON object" };
    let schema = fixed;
    if (!schema) {
      const detected = detectFormat(json as Record<string, unknown>);
      if (!detected) return { ok: false, error: `unknown record format (give --format ${CORPUS_FORMATS.join("|")})` };
      schema = schemaFor(detected, options);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
      return { ok: false, error: `${where}${issue.message}` };
    }
    return "title" in parsed.data ? { ok: true, paper: parsed.data } : { ok: true, patch: parsed.data };
  };
}

/** Parses one JSONL line of the shared corpus format; never throws. */
export const parseCorpusLine = lineParser("shared");
