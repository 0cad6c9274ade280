import type { PaperInput } from "@/lib/corpus/paper-input";

/** A full-text passage a remote backend found (Semantic Scholar snippet search). */
export interface RemoteSnippet {
  externalId: string;
  text: string;
  score: number;
}

/** What a remote backend answered: papers in its own rank order, plus passages when it has them. */
export interface RemoteSearchResult {
  papers: PaperInput[];
  /** Papers known only from snippets (title/authors), inserted only if the corpus lacks them. */
  snippetPapers: PaperInput[];
  snippets: RemoteSnippet[];
  /** The request URLs without keys, for the retrieval run record. */
  requests: string[];
}
