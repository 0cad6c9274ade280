import { describe, expect, it } from "vitest";
import { isProfileComplete, type ProfileFields } from "./is-profile-complete";

const complete: ProfileFields = {
  discipline: "Healthcare",
  subfield: "Oncology",
  careerStage: "PhD student",
  publicationBand: "1-5",
  termsConsentAt: new Date("2026-01-01T00:00:00Z"),
};

describe("isProfileComplete", () => {
  it("accepts a profile with every field and the terms accepted", () => {
    expect(isProfileComplete(complete)).toBe(true);
  });

  it("refuses no profile", () => {
    expect(isProfileComplete(null)).toBe(false);
  });

  it.each(["discipline", "subfield", "careerStage", "publicationBand", "termsConsentAt"] as const)("refuses a profile without %s", (field) => {
    expect(isProfileComplete({ ...complete, [field]: null })).toBe(false);
  });
});
