import { z } from "zod";
import type { PaperInput } from "../paper-input";
import { bareDoi, nullableString, paper, squash, yearOf } from "./common";

// Semantic Scholar Datasets: the "papers" dataset (metadata, no abstract) and the "abstracts" dataset
// ({corpusid, abstract}), joined on corpusid. Papers and abstracts are ingested as separate files: the
// papers first, then the abstracts fill them in. The Graph API's paper objects (camelCase) map the same.

const corpusId = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);

export const s2PaperSchema = z
  .object({
    corpusid: corpusId.optional(),
    corpusId: corpusId.optional(),
    paperId: z.string().nullish(),
    title: z.string().trim().min(1, "title is required"),
    abstract: z.string().nullish(),
    authors: z.array(z.object({ name: z.string().nullish() }).passthrough()).nullish(),
    year: z.number().int().nullish(),
    publicationdate: nullableString,
    publicationDate: nullableString,
    venue: nullableString,
    journal: z.object({ name: z.string().nullish() }).passthrough().nullish(),
    externalids: z.record(z.string(), z.union([z.string(), z.number()]).nullable()).nullish(),
    externalIds: z.record(z.string(), z.union([z.string(), z.number()]).nullable()).nullish(),
    url: nullableString,
    s2fieldsofstudy: z.array(z.object({ category: z.string() }).passthrough()).nullish(),
    s2FieldsOfStudy: z.array(z.object({ category: z.string() }).passthrough()).nullish(),
    fieldsOfStudy: z.array(z.string()).nullish(),
  })
  .passthrough()
  .superRefine((r, ctx) => {
    if (!(r.corpusid ?? r.corpusId ?? r.externalIds?.CorpusId ?? r.paperId)) {
      ctx.addIssue({ code: "custom", path: ["corpusid"], message: "corpusid is required" });
    }
  })
  .transform((r): PaperInput => {
    const ids = r.externalids ?? r.externalIds ?? {};
    const corpus = r.corpusid ?? r.corpusId ?? (ids.CorpusId != null ? String(ids.CorpusId) : null);
    const externalIds: Record<string, string> = {};
    for (const [key, value] of Object.entries(ids)) if (value != null && value !== "") externalIds[key.toLowerCase()] = String(value);
    if (corpus) externalIds.s2 = corpus;
    if (r.paperId) externalIds.s2paper = r.paperId;
    const doi = bareDoi(externalIds.doi);
    const date = r.publicationdate ?? r.publicationDate;
    const fields = (r.s2fieldsofstudy ?? r.s2FieldsOfStudy ?? []).map((f) => f.category).concat(r.fieldsOfStudy ?? []);
    return paper({
      externalId: corpus ? `s2:${corpus}` : `s2paper:${r.paperId}`,
      source: "semanticscholar",
      title: squash(r.title),
      authors: (r.authors ?? []).map((a) => a.name?.trim() ?? "").filter(Boolean),
      year: r.year ?? yearOf(date),
      publishedOn: date,
      venue: r.venue ?? (r.journal?.name?.trim() || null),
      abstract: squash(r.abstract ?? ""),
      url: r.url ?? (corpus ? `https://api.semanticscholar.org/CorpusID:${corpus}` : null),
      doi,
      fieldsOfStudy: [...new Set(fields)],
      externalIds,
    });
  });

export interface AbstractPatch {
  externalId: string;
  abstract: string;
}

export const s2AbstractSchema = z
  .object({ corpusid: corpusId, abstract: z.string().trim().min(1, "abstract is required") })
  .passthrough()
  .transform((r): AbstractPatch => ({ externalId: `s2:${r.corpusid}`, abstract: squash(r.abstract) }));
