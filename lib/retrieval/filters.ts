import { z } from "zod";

/** Restrictions on which papers may be retrieved; every field optional, all given ones must hold. */
export interface RetrievalFilters {
  yearFrom?: number;
  yearTo?: number;
  /** Field of study or category names (case-insensitive exact match on either). */
  fields?: string[];
  /** Venue names (case-insensitive substring match). */
  venues?: string[];
  /** Author names (case-insensitive substring match on any author). */
  authors?: string[];
}

const names = z.array(z.string().trim().min(1).max(200)).max(10);

export const retrievalFiltersSchema = z
  .object({
    yearFrom: z.number().int().min(1000).max(3000).optional(),
    yearTo: z.number().int().min(1000).max(3000).optional(),
    fields: names.optional(),
    venues: names.optional(),
    authors: names.optional(),
  })
  .refine((f) => f.yearFrom === undefined || f.yearTo === undefined || f.yearFrom <= f.yearTo, {
    message: "yearFrom must not be after yearTo",
    path: ["yearFrom"],
  });

export function hasFilters(filters: RetrievalFilters): boolean {
  return Boolean(
    filters.yearFrom !== undefined ||
      filters.yearTo !== undefined ||
      filters.fields?.length ||
      filters.venues?.length ||
      filters.authors?.length,
  );
}

/** A LIKE pattern matching `text` anywhere, with LIKE's own wildcards taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
