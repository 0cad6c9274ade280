// Passages are what retrieval ranks and what models read: at most ~480 tokens each, cut on sentence
// boundaries. Tokens are estimated from words (a subword tokenizer gives ~1.3 tokens per English word).

const TOKENS_PER_WORD = 1.3;
export const MAX_PASSAGE_TOKENS = 480;

export function estimateTokens(text: string): number {
  const words = text.trim().split(/\s+/).filter(Boolean).length;
  return Math.ceil(words * TOKENS_PER_WORD);
}

/** Splits into sentences, keeping abbreviations like "e.g." and decimals like "3.5" intact. */
export function splitSentences(text: string): string[] {
  const normalized = text.replace(/\s+/g, " ").trim();
  if (!normalized) return [];
  const parts = normalized.split(/(?<=[.!?])\s+(?=[A-Z0-9("[])/);
  const sentences: string[] = [];
  for (const part of parts) {
    const previous = sentences[sentences.length - 1];
    if (previous && /\b(e\.g|i\.e|et al|cf|vs|Fig|Eq|approx|resp)\.$/i.test(previous)) {
      sentences[sentences.length - 1] = `${previous} ${part}`;
    } else {
      sentences.push(part);
    }
  }
  return sentences;
}

export function splitPassages(text: string, maxTokens = MAX_PASSAGE_TOKENS): string[] {
  // Most abstracts fit in one passage: skip the sentence splitting (the bulk of ingest's CPU time).
  const normalized = text.replace(/\s+/g, " ").trim();
  if (!normalized) return [];
  if (estimateTokens(normalized) <= maxTokens) return [normalized];
  const passages: string[] = [];
  let current: string[] = [];
  let currentTokens = 0;
  const flush = () => {
    if (current.length) passages.push(current.join(" "));
    current = [];
    currentTokens = 0;
  };
  for (const sentence of splitSentences(text)) {
    const tokens = estimateTokens(sentence);
    if (tokens > maxTokens) {
      // A run-on "sentence" (tables, lists): cut it by words.
      flush();
      const words = sentence.split(" ");
      const perChunk = Math.floor(maxTokens / TOKENS_PER_WORD);
      for (let i = 0; i < words.length; i += perChunk) passages.push(words.slice(i, i + perChunk).join(" "));
      continue;
    }
    if (currentTokens + tokens > maxTokens) flush();
    current.push(sentence);
    currentTokens += tokens;
  }
  flush();
  return passages;
}
