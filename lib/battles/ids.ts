import { randomBytes } from "node:crypto";

/**
 * A collision-resistant id in the shape of Prisma's cuid() ("c" + 24 lower-case base-36 characters), made
 * before the row exists, so that answer generation can start while the battle is still being stored.
 */
export function newId(): string {
  const value = BigInt(`0x${randomBytes(16).toString("hex")}`);
  return `c${value.toString(36).padStart(25, "0").slice(-24)}`;
}
