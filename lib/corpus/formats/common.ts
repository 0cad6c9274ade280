import { z } from "zod";
import type { PaperInput } from "../paper-input";

export const nullableString = z
  .string()
  .nullish()
  .transform((s) => (s && s.trim() ? s.trim() : null));

export const stringList = z
  .array(z.string())
  .nullish()
  .transform((l) => (l ?? []).map((s) => s.trim()).filter(Boolean));

export const squash = (s: string) => s.replace(/\s+/g, " ").trim();

/** Year of an ISO-like date ("2021-03-04", "2021"), or null. */
export function yearOf(date: string | null | undefined): number | null {
  const match = date?.match(/^(\d{4})/);
  if (!match) return null;
  const year = Number(match[1]);
  return year >= 1000 && year <= 3000 ? year : null;
}

/** "https://doi.org/10.1/x" or "doi:10.1/x" → "10.1/x". */
export function bareDoi(doi: string | null | undefined): string | null {
  if (!doi) return null;
  const bare = doi.trim().replace(/^(https?:\/\/(dx\.)?doi\.org\/|doi:)/i, "");
  return bare || null;
}

export function paper(fields: Partial<PaperInput> & Pick<PaperInput, "externalId" | "source" | "title">): PaperInput {
  return {
    authors: [],
    year: null,
    publishedOn: null,
    venue: null,
    abstract: "",
    url: null,
    doi: null,
    fieldsOfStudy: [],
    categories: [],
    externalIds: {},
    ...fields,
  };
}
