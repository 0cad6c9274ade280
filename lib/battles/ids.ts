import { randomBytes } from "node:crypto";

/**
 * A collision-resistant id in the shape of Prisma's cuid() ("c" + 24 lower-case base-36 characters), made
 * before the row exists, so that answer generation can start while the battle is still being stored.
 */
export function newId(): string {
  const value = BigInt(`0x${randomBytes(16).toString("hex")}`);
  return `c${value.toString(36).padStart(25, "0").slice(-24)}`;
}

/**
 * Like newId, but ids made later sort after earlier ones (a millisecond timestamp first, as in Prisma's cuid()),
 * so rows inserted outside Prisma keep id order close to insertion order (the dataset export reads votes by id).
 */
export function newTimeOrderedId(now = Date.now()): string {
  const random = BigInt(`0x${randomBytes(12).toString("hex")}`).toString(36).padStart(16, "0").slice(-16);
  return `c${now.toString(36).padStart(8, "0")}${random}`;
}
