import { getDb } from "@/lib/db";
import { toOwnProfile, type OwnProfile } from "./save-profile";

/** The caller's own profile, or null before onboarding. */
export async function getProfile(userId: string): Promise<OwnProfile | null> {
  const row = await getDb().researcherProfile.findUnique({ where: { userId } });
  return row ? toOwnProfile(row) : null;
}
