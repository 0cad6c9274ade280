// SciArena-Eval's concise_authors: how a citation names its authors ("Smith", "Smith and Jones",
// "Smith et al."), built from full author names in either "First Last" or "Last, First" form.

const NAME_SUFFIXES = new Set(["jr", "sr", "ii", "iii", "iv", "v", "phd", "md"]);

// Lower-case particles that belong to the surname: "Ludwig van Beethoven" -> "van Beethoven".
const SURNAME_PARTICLES = new Set([
  "van",
  "von",
  "der",
  "den",
  "de",
  "del",
  "della",
  "di",
  "da",
  "du",
  "dos",
  "das",
  "le",
  "la",
  "ten",
  "ter",
  "bin",
  "al",
  "el",
  "zu",
]);

const NO_AUTHORS = "Anonymous";

function isSuffix(token: string): boolean {
  return NAME_SUFFIXES.has(token.replace(/[.,]/g, "").toLowerCase());
}

/** The family name of one author. */
export function surnameOf(fullName: string): string {
  const name = fullName.replace(/\s+/g, " ").trim();
  if (name === "") return "";

  const commaParts = name.split(",").map((part) => part.trim());
  // "Last, First" (and "Last, Jr., First"), but not "First Last, Jr.".
  if (commaParts.length > 1 && commaParts[0] !== "" && !isSuffix(commaParts[1]) && commaParts[1] !== "") {
    return commaParts[0];
  }

  const tokens = commaParts[0].split(" ").filter((token) => !isSuffix(token));
  if (tokens.length === 0) return commaParts[0];
  let start = tokens.length - 1;
  while (start > 0 && SURNAME_PARTICLES.has(tokens[start - 1])) start--;
  // A name made only of a particle and a surname ("de Gaulle") keeps both.
  return tokens.slice(start).join(" ");
}

/** "Smith" for one author, "Smith and Jones" for two, "Smith et al." for three or more. */
export function conciseAuthors(authors: readonly string[]): string {
  // Only the first two surnames are ever shown, so only those are parsed (this runs for every citation
  // of every exported vote).
  const named = authors.filter((author) => author.trim() !== "");
  if (named.length === 0) return NO_AUTHORS;
  if (named.length === 1) return surnameOf(named[0]);
  if (named.length === 2) return `${surnameOf(named[0])} and ${surnameOf(named[1])}`;
  return `${surnameOf(named[0])} et al.`;
}
