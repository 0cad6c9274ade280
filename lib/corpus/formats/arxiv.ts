import { z } from "zod";
import type { PaperInput } from "../paper-input";
import { bareDoi, nullableString, paper, squash, yearOf } from "./common";

// The arXiv metadata snapshot (Kaggle "arxiv-metadata-oai-snapshot.json", one JSON object per line).

const ARCHIVE_FIELDS: Record<string, string> = {
  cs: "Computer Science",
  math: "Mathematics",
  stat: "Statistics",
  "q-bio": "Quantitative Biology",
  "q-fin": "Quantitative Finance",
  econ: "Economics",
  eess: "Engineering",
};

/** The shared corpus' field names for arXiv categories; every other archive (hep-th, cond-mat, …) is Physics. */
export function arxivField(category: string): string {
  return ARCHIVE_FIELDS[category.split(".")[0]] ?? "Physics";
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** "Mon, 2 Apr 2007 19:18:42 GMT" → "2007-04-02". */
export function arxivVersionDate(created: string | undefined): string | null {
  const match = created?.match(/(\d{1,2}) ([A-Za-z]{3}) (\d{4})/);
  if (!match) return null;
  const month = MONTHS.indexOf(match[2].toLowerCase());
  if (month < 0) return null;
  return `${match[3]}-${String(month + 1).padStart(2, "0")}-${match[1].padStart(2, "0")}`;
}

export const arxivSnapshotSchema = z
  .object({
    id: z.string().trim().min(1, "id is required"),
    title: z.string().trim().min(1, "title is required"),
    abstract: z.string().trim().min(1, "abstract is required"),
    authors: nullableString,
    authors_parsed: z.array(z.array(z.string())).nullish(),
    categories: nullableString,
    doi: nullableString,
    "journal-ref": nullableString,
    versions: z.array(z.object({ created: z.string().optional() }).passthrough()).nullish(),
    update_date: nullableString,
  })
  .passthrough()
  .transform((r): PaperInput => {
    const authors = r.authors_parsed?.length
      ? r.authors_parsed.map(([last, first]) => squash(`${first ?? ""} ${last ?? ""}`)).filter(Boolean)
      : (r.authors ?? "").split(/,| and /).map(squash).filter(Boolean);
    const categories = (r.categories ?? "").split(/\s+/).filter(Boolean);
    const date = arxivVersionDate(r.versions?.[0]?.created) ?? r.update_date;
    const doi = bareDoi(r.doi?.split(/\s+/)[0]);
    const externalIds: Record<string, string> = { arxiv: r.id };
    if (doi) externalIds.doi = doi;
    return paper({
      externalId: `arxiv:${r.id}`,
      source: "arxiv-snapshot",
      title: squash(r.title),
      authors,
      year: yearOf(date),
      publishedOn: date,
      venue: r["journal-ref"] ? squash(r["journal-ref"]) : "arXiv",
      abstract: squash(r.abstract),
      url: `https://arxiv.org/abs/${r.id}`,
      doi,
      fieldsOfStudy: [...new Set(categories.map(arxivField))],
      categories,
      externalIds,
    });
  });
