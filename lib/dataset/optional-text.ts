/** Blank optional text is published as null, so "none" has one spelling in the dataset. */
export function nullIfBlank(text: string | null | undefined): string | null {
  return text === null || text === undefined || text.trim() === "" ? null : text;
}
