import { z } from "zod";
import type { PaperInput } from "../paper-input";
import { abstractFromInvertedIndex } from "./inverted-index";
import { bareDoi, nullableString, paper, squash, yearOf } from "./common";

// An OpenAlex work (the API's result objects and the snapshot's JSONL lines have the same shape).

const named = z.object({ display_name: z.string().nullish() }).passthrough().nullish();

export const openAlexWorkSchema = z
  .object({
    id: z.string().trim().min(1, "id is required"),
    doi: nullableString,
    title: z.string().nullish(),
    display_name: z.string().nullish(),
    publication_year: z.number().int().nullish(),
    publication_date: nullableString,
    authorships: z.array(z.object({ author: named }).passthrough()).nullish(),
    primary_location: z
      .object({ source: named, landing_page_url: z.string().nullish() })
      .passthrough()
      .nullish(),
    abstract_inverted_index: z.record(z.string(), z.array(z.number())).nullish(),
    primary_topic: z.object({ display_name: z.string().nullish(), field: named, subfield: named }).passthrough().nullish(),
    concepts: z.array(z.object({ display_name: z.string(), level: z.number().nullish() }).passthrough()).nullish(),
    ids: z.record(z.string(), z.union([z.string(), z.number()])).nullish(),
  })
  .passthrough()
  .superRefine((r, ctx) => {
    if (!(r.title ?? r.display_name)?.trim()) ctx.addIssue({ code: "custom", path: ["title"], message: "title is required" });
  })
  .transform((r): PaperInput => {
    const shortId = r.id.replace(/^https?:\/\/openalex\.org\//, "");
    const doi = bareDoi(r.doi);
    const externalIds: Record<string, string> = { openalex: shortId };
    if (doi) externalIds.doi = doi;
    const pmid = r.ids?.pmid;
    if (pmid) externalIds.pmid = String(pmid).replace(/^https?:\/\/pubmed\.ncbi\.nlm\.nih\.gov\//, "").replace(/\/$/, "");
    const field = r.primary_topic?.field?.display_name;
    const categories = [r.primary_topic?.subfield?.display_name, r.primary_topic?.display_name]
      .concat((r.concepts ?? []).filter((c) => (c.level ?? 0) <= 1).map((c) => c.display_name))
      .filter((c): c is string => Boolean(c));
    return paper({
      externalId: `openalex:${shortId}`,
      source: "openalex",
      title: squash((r.title ?? r.display_name)!),
      authors: (r.authorships ?? []).map((a) => a.author?.display_name?.trim() ?? "").filter(Boolean),
      year: r.publication_year ?? yearOf(r.publication_date),
      publishedOn: r.publication_date,
      venue: r.primary_location?.source?.display_name?.trim() || null,
      abstract: abstractFromInvertedIndex(r.abstract_inverted_index),
      url: doi ? `https://doi.org/${doi}` : (r.primary_location?.landing_page_url ?? `https://openalex.org/${shortId}`),
      doi,
      fieldsOfStudy: field ? [field] : [],
      categories: [...new Set(categories)],
      externalIds,
    });
  });
