export interface ProfileFields {
  discipline: string | null;
  subfield: string | null;
  careerStage: string | null;
  publicationBand: string | null;
  termsConsentAt: Date | null;
}

/**
 * Onboarding is finished when the researcher described themselves and accepted the terms. Consent to the
 * dataset release is asked but optional: without it their votes are simply not counted (lib/votes/counted-votes.ts).
 */
export function isProfileComplete(profile: ProfileFields | null): boolean {
  if (profile === null) return false;
  return Boolean(profile.discipline && profile.subfield && profile.careerStage && profile.publicationBand && profile.termsConsentAt);
}
