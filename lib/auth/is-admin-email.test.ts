import { describe, expect, it } from "vitest";
import { isAdminEmail } from "./is-admin-email";

describe("isAdminEmail", () => {
  const list = ["ops@example.org", "lead@example.org"];

  it("matches regardless of case and surrounding spaces", () => {
    expect(isAdminEmail(" Ops@Example.org ", list)).toBe(true);
  });

  it("does not match other addresses, prefixes or missing emails", () => {
    expect(isAdminEmail("ops@example.org.evil", list)).toBe(false);
    expect(isAdminEmail("someone@example.org", list)).toBe(false);
    expect(isAdminEmail(null, list)).toBe(false);
    expect(isAdminEmail("", [""])).toBe(false);
  });
});
