import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { annotatorPseudonym } from "./pseudonym";

const SALT = "a-secret-salt-of-sufficient-length";

describe("annotatorPseudonym", () => {
  it("is the first 16 hex characters of HMAC-SHA256(salt, user id)", () => {
    const expected = createHmac("sha256", SALT).update("user-alice").digest("hex").slice(0, 16);
    expect(annotatorPseudonym(SALT, "user-alice")).toBe(expected);
    expect(annotatorPseudonym(SALT, "user-alice")).toMatch(/^[0-9a-f]{16}$/);
  });

  it("keeps one pseudonym per user and separates users", () => {
    expect(annotatorPseudonym(SALT, "user-alice")).toBe(annotatorPseudonym(SALT, "user-alice"));
    expect(annotatorPseudonym(SALT, "user-alice")).not.toBe(annotatorPseudonym(SALT, "user-bob"));
  });

  it("changes with the salt, so it cannot be recomputed without it", () => {
    expect(annotatorPseudonym(SALT, "user-alice")).not.toBe(annotatorPseudonym(`${SALT}x`, "user-alice"));
  });

  it("refuses short salts", () => {
    expect(() => annotatorPseudonym("short", "user-alice")).toThrow(/at least 16/);
  });
});
