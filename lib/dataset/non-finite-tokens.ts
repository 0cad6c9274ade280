// Python's json module writes float('nan') as a bare NaN (and infinities as Infinity), which JSON.parse
// rejects; the public SciArena files contain such tokens (e.g. a missing year). They are replaced by
// null, but only outside strings, so a question that mentions "NaN" keeps its text.

const TOKENS = ["-Infinity", "Infinity", "NaN"] as const;

function isIdentifierChar(char: string | undefined): boolean {
  return char !== undefined && /[A-Za-z0-9_$]/.test(char);
}

export function replaceNonFiniteTokens(json: string): string {
  if (!json.includes("NaN") && !json.includes("Infinity")) return json;

  const pieces: string[] = [];
  let copiedUpTo = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const char = json[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
      continue;
    }
    if (char !== "N" && char !== "I" && char !== "-") continue;
    const token = TOKENS.find((candidate) => json.startsWith(candidate, i));
    if (token === undefined) continue;
    const end = i + token.length;
    if (isIdentifierChar(json[i - 1]) || isIdentifierChar(json[end])) continue;
    pieces.push(json.slice(copiedUpTo, i), "null");
    copiedUpTo = end;
    i = end - 1;
  }
  if (copiedUpTo === 0) return json;
  pieces.push(json.slice(copiedUpTo));
  return pieces.join("");
}
