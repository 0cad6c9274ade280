// Citations are [n] markers against the numbered reference list. Groups like [1, 3] or [2-4] are
// expanded; numbers outside the list are dropped from the text and counted.

export interface CitationCheck {
  /** Text with invalid citation numbers removed (valid ones normalized to [n][m]). */
  text: string;
  /** Distinct valid reference numbers in order of first appearance. */
  cited: number[];
  /** Citation markers that pointed outside the list. */
  dropped: number;
}

const GROUP = /\[(\s*\d+\s*(?:(?:[,;–-]|\band\b)\s*\d+\s*)*)\]/g;

function expand(group: string): number[] {
  const numbers: number[] = [];
  for (const part of group.split(/[,;]|\band\b/)) {
    const range = part.match(/^\s*(\d+)\s*[–-]\s*(\d+)\s*$/);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to >= from && to - from <= 50) for (let n = from; n <= to; n++) numbers.push(n);
      else numbers.push(from, to);
    } else if (part.trim()) {
      numbers.push(Number(part.trim()));
    }
  }
  return numbers;
}

export function checkCitations(text: string, referenceCount: number): CitationCheck {
  const cited: number[] = [];
  const seen = new Set<number>();
  let dropped = 0;
  const normalized = text.replace(GROUP, (_match, group: string) => {
    const valid: number[] = [];
    for (const n of expand(group)) {
      if (Number.isInteger(n) && n >= 1 && n <= referenceCount) {
        valid.push(n);
        if (!seen.has(n)) {
          seen.add(n);
          cited.push(n);
        }
      } else {
        dropped++;
      }
    }
    return valid.map((n) => `[${n}]`).join("");
  });
  // Removing a marker can leave a space before punctuation.
  return { text: normalized.replace(/ +([.,;:])/g, "$1").replace(/ {2,}/g, " "), cited, dropped };
}
