import { getDb } from "@/lib/db";
import type { ProfileInput } from "./profile-schema";

export interface OwnProfile {
  discipline: string | null;
  subfield: string | null;
  careerStage: string | null;
  publicationBand: string | null;
  affiliation: string | null;
  termsConsentAt: string | null;
  datasetConsentAt: string | null;
}

type ProfileRow = { [K in keyof OwnProfile]: K extends `${string}At` ? Date | null : string | null };

export function toOwnProfile(row: ProfileRow): OwnProfile {
  return {
    discipline: row.discipline,
    subfield: row.subfield,
    careerStage: row.careerStage,
    publicationBand: row.publicationBand,
    affiliation: row.affiliation,
    termsConsentAt: row.termsConsentAt?.toISOString() ?? null,
    datasetConsentAt: row.datasetConsentAt?.toISOString() ?? null,
  };
}

/**
 * Creates or updates the caller's profile. Consent times keep their first date while consent stands;
 * withdrawing dataset consent clears it (the votes stop counting from the next rating run and export).
 * The role and exclusion are never set here.
 */
export async function saveProfile(userId: string, input: ProfileInput, now = new Date()): Promise<OwnProfile> {
  const db = getDb();
  return db.$transaction(async (tx) => {
    const existing = await tx.researcherProfile.findUnique({ where: { userId } });
    const fields = {
      discipline: input.discipline,
      subfield: input.subfield,
      careerStage: input.careerStage,
      publicationBand: input.publicationBand,
      affiliation: input.affiliation || null,
      termsConsentAt: existing?.termsConsentAt ?? now,
      datasetConsentAt: input.datasetConsent ? (existing?.datasetConsentAt ?? now) : null,
    };
    const row = await tx.researcherProfile.upsert({ where: { userId }, create: { userId, ...fields }, update: fields });
    return toOwnProfile(row);
  });
}
