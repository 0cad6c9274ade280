/**
 * Rebuilds an abstract from OpenAlex's `abstract_inverted_index` (word → positions). Positions may have
 * gaps; words are joined in position order.
 */
export function abstractFromInvertedIndex(index: Record<string, number[]> | null | undefined): string {
  if (!index || typeof index !== "object") return "";
  const words: string[] = [];
  for (const [word, positions] of Object.entries(index)) {
    if (!Array.isArray(positions)) continue;
    for (const position of positions) {
      if (Number.isInteger(position) && position >= 0 && position < 100_000) words[position] = word;
    }
  }
  return words.filter((w) => w !== undefined).join(" ").replace(/\s+/g, " ").trim();
}
