import type { RetrievalFilters } from "./filters";

// The deterministic query understanding used without an LLM (and whenever the LLM fails): years from
// phrases like "since 2020", "recent" or "between 2018 and 2021", venues named after "in"/"at"/"from",
// and the remaining words as keywords. Only phrasing that unambiguously restricts the search becomes a
// filter; everything else stays in the query.

export interface UnderstoodQuery {
  /** Natural-language search query (the question without the filter phrases). */
  search: string;
  /** Content words, for keyword matching. */
  keywords: string[];
  filters: RetrievalFilters;
  /** "rules" or "llm:<model slug>". */
  source: string;
}

/** Longest question text used for searching; longer input is cut (on a word boundary). */
export const MAX_QUERY_CHARS = 2000;
const RECENT_YEARS = 3;

const VENUES = [
  "NeurIPS", "NIPS", "ICML", "ICLR", "ACL", "EMNLP", "NAACL", "CVPR", "ICCV", "ECCV", "AAAI", "IJCAI", "KDD", "SIGIR",
  "WWW", "CHI", "arXiv", "Nature", "Science", "Cell", "PLoS ONE", "PLOS ONE", "The Lancet", "Lancet", "NEJM", "JAMA", "BMJ",
  "Physical Review Letters", "PNAS", "bioRxiv", "medRxiv",
];
const VENUE_PATTERN = new RegExp(
  `\\b(?:in|at|from|published in|appearing in)\\s+(${VENUES.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})\\b(?:\\s+(?:papers?|proceedings|articles?))?`,
  "gi",
);

const STOP_WORDS = new Set(
  (
    "a about above after again against all am an and any are as at be because been before being below between both but by can " +
    "could did do does doing down during each few for from further had has have having he her here hers him his how i if in into " +
    "is it its itself just me more most my no nor not of off on once only or other our out over own same she should so some such " +
    "than that the their them then there these they this those through to too under until up very was we were what when where " +
    "which while who whom why will with would you your yours papers paper studies study research literature recent recently " +
    "latest work works find show tell explain describe know known"
  ).split(" "),
);

/** Strips control characters, collapses whitespace and cuts overlong input on a word boundary. */
export function normalizeQuestion(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, " ").replace(/\s+/g, " ").trim();
  if (clean.length <= MAX_QUERY_CHARS) return clean;
  const cut = clean.slice(0, MAX_QUERY_CHARS);
  const lastSpace = cut.lastIndexOf(" ");
  return lastSpace > MAX_QUERY_CHARS / 2 ? cut.slice(0, lastSpace) : cut;
}

/** The words `extractKeywords` drops (English stop words and question framing such as "papers", "recent"). */
export const DROPPED_WORDS = [...STOP_WORDS].join(" ");

export function extractKeywords(text: string, max = 32): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}](?:[\p{L}\p{N}'+-]|\.(?=[\p{L}\p{N}]))*/gu) ?? [];
  const seen = new Set<string>();
  for (const word of words) {
    const w = word.replace(/['-]+$/, "");
    if (w.length < 2 && !/\d/.test(w)) continue;
    if (STOP_WORDS.has(w) || seen.has(w)) continue;
    seen.add(w);
    if (seen.size >= max) break;
  }
  return [...seen];
}

export function understandQueryByRules(question: string, now = new Date()): UnderstoodQuery {
  let text = normalizeQuestion(question);
  const filters: RetrievalFilters = {};
  const thisYear = now.getUTCFullYear();
  const year = "((?:19|20)\\d{2})";
  const remove = (pattern: RegExp, apply: (m: RegExpExecArray) => void) => {
    const match = pattern.exec(text);
    if (!match) return;
    apply(match);
    text = (text.slice(0, match.index) + " " + text.slice(match.index + match[0].length)).replace(/\s+/g, " ").trim();
  };

  remove(new RegExp(`\\b(?:between|from)\\s+${year}\\s*(?:and|to|-|–)\\s*${year}\\b`, "i"), (m) => {
    const [a, b] = [Number(m[1]), Number(m[2])].sort((x, y) => x - y);
    filters.yearFrom = a;
    filters.yearTo = b;
  });
  remove(new RegExp(`\\b${year}\\s*(?:-|–|to)\\s*${year}\\b`, "i"), (m) => {
    const [a, b] = [Number(m[1]), Number(m[2])].sort((x, y) => x - y);
    filters.yearFrom ??= a;
    filters.yearTo ??= b;
  });
  remove(new RegExp(`\\b(?:since|after|from|starting in|newer than|post-?)\\s*${year}\\b`, "i"), (m) => {
    filters.yearFrom ??= Number(m[1]) + (/after|newer/i.test(m[0]) ? 1 : 0);
  });
  remove(new RegExp(`\\b(?:before|until|up to|prior to|older than|pre-?)\\s*${year}\\b`, "i"), (m) => {
    filters.yearTo ??= Number(m[1]) - (/before|prior|older|pre/i.test(m[0]) ? 1 : 0);
  });
  remove(new RegExp(`\\b(?:in|during|published in|from)\\s+${year}\\b`, "i"), (m) => {
    filters.yearFrom ??= Number(m[1]);
    filters.yearTo ??= Number(m[1]);
  });
  remove(/\b(?:in the )?(?:last|past)\s+(\d{1,2}|two|three|four|five|ten)\s+years\b/i, (m) => {
    const words: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, ten: 10 };
    const n = words[m[1].toLowerCase()] ?? Number(m[1]);
    filters.yearFrom ??= thisYear - n;
  });
  remove(/\b(?:most recent|recent(?:ly)?|latest|newest|state[- ]of[- ]the[- ]art in \d{4})\b/i, () => {
    filters.yearFrom ??= thisYear - RECENT_YEARS;
  });

  const venues: string[] = [];
  for (const match of text.matchAll(VENUE_PATTERN)) venues.push(VENUES.find((v) => v.toLowerCase() === match[1].toLowerCase()) ?? match[1]);
  if (venues.length) {
    filters.venues = [...new Set(venues)];
    text = text.replace(VENUE_PATTERN, " ").replace(/\s+/g, " ").trim();
  }
  const search = text.replace(/^[\s,;:]+|[\s,;:]+$/g, "") || normalizeQuestion(question);
  return { search, keywords: extractKeywords(search), filters, source: "rules" };
}
