import { z } from "zod";

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

const nullableString = z
  .string()
  .nullish()
  .transform((s) => (s && s.trim() ? s.trim() : null));
const stringList = z
  .array(z.string())
  .nullish()
  .transform((l) => (l ?? []).map((s) => s.trim()).filter(Boolean));

/** The shared corpus format (../shared/data/corpus/papers/*.jsonl). */
export const corpusPaperSchema = z
  .object({
    id: z.string().trim().min(1, "id is required"),
    source: z.string().nullish(),
    title: z.string().trim().min(1, "title is required"),
    abstract: z.string().trim().min(1, "abstract is required"),
    authors: stringList,
    year: z.number().int().min(1000).max(3000).nullish(),
    date: nullableString,
    venue: nullableString,
    field: nullableString,
    categories: stringList,
    doi: nullableString,
    arxiv_id: nullableString,
    pmid: nullableString,
    s2_id: nullableString,
    url: nullableString,
  })
  .transform((r): PaperInput => {
    const externalIds: Record<string, string> = {};
    if (r.doi) externalIds.doi = r.doi;
    if (r.arxiv_id) externalIds.arxiv = r.arxiv_id;
    if (r.pmid) externalIds.pmid = r.pmid;
    if (r.s2_id) externalIds.s2 = r.s2_id;
    return {
      externalId: r.id,
      source: r.source?.trim() || "corpus",
      title: r.title.replace(/\s+/g, " "),
      authors: r.authors,
      year: r.year ?? null,
      publishedOn: r.date,
      venue: r.venue,
      abstract: r.abstract.replace(/\s+/g, " "),
      url: r.url,
      doi: r.doi,
      fieldsOfStudy: r.field ? [r.field] : [],
      categories: r.categories,
      externalIds,
    };
  });

export type LineResult = { ok: true; paper: PaperInput } | { ok: false; error: string };

/** Parses one JSONL line of the shared corpus format; never throws. */
export function parseCorpusLine(line: string): LineResult {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return { ok: false, error: `invalid JSON (${(error as Error).message})` };
  }
  const parsed = corpusPaperSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
    return { ok: false, error: `${where}${issue.message}` };
  }
  return { ok: true, paper: parsed.data };
}
