/**
 * A time as SQL text for a `timestamp(3)` column: DateTime values are stored in UTC without a zone (as Prisma
 * writes them), so raw SQL passes them in that form and casts with `::timestamp(3)`.
 */
export function utcTimestamp(date: Date): string {
  return date.toISOString().slice(0, -1);
}
