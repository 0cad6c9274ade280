import { createHmac } from "node:crypto";

// The published annotator id: a keyed hash of the user id. Without the salt nobody can link it back to
// an account, while one annotator keeps one pseudonym across records and across exports with the
// same salt (needed for agreement and quality analyses).

/** Short salts could be brute-forced together with guessable user ids. */
export const MIN_SALT_LENGTH = 16;

/** Hex characters kept: 64 bits, collision-free in practice for any realistic number of annotators. */
export const PSEUDONYM_HEX_LENGTH = 16;

export function annotatorPseudonym(salt: string, userId: string): string {
  assertUsableSalt(salt);
  return createHmac("sha256", salt).update(userId, "utf8").digest("hex").slice(0, PSEUDONYM_HEX_LENGTH);
}

export function assertUsableSalt(salt: string): void {
  if (salt.length < MIN_SALT_LENGTH) {
    throw new Error(`the annotator salt must be at least ${MIN_SALT_LENGTH} characters long`);
  }
}
