import { getDb } from "@/lib/db";

/**
 * The development sign-in's default profile: finished onboarding with the terms accepted, but no consent to
 * the dataset release, so these users' votes are not counted unless a test gives consent on purpose (as
 * before accounts existed). An existing profile is left as it is.
 */
export async function createDevProfile(userId: string): Promise<void> {
  await getDb().researcherProfile.upsert({
    where: { userId },
    update: {},
    create: {
      userId,
      discipline: "Natural Science",
      subfield: "Physics",
      careerStage: "Other",
      publicationBand: "0",
      termsConsentAt: new Date(),
    },
  });
}
