/** One passage handed to the models under a reference number. */
export interface ReferencePassage {
  passageId: number | null;
  text: string;
  score: number;
}

/** One entry of the numbered reference list: the models cite it as [n]. */
export interface Reference {
  n: number;
  paperId: number;
  externalId: string;
  title: string;
  authors: string[];
  year: number | null;
  venue: string | null;
  url: string | null;
  passages: ReferencePassage[];
}

export interface RetrievalResult {
  backend: string;
  query: string;
  /** The queries actually run, in order (e.g. strict then relaxed). */
  queries: string[];
  filters: Record<string, unknown>;
  references: Reference[];
  timings: Record<string, number>;
  /** Something the researcher should know about the search (e.g. filters that were dropped). */
  notice?: string;
}
