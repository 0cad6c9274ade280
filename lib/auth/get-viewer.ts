import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { isProfileComplete } from "@/lib/profile/is-profile-complete";
import { isAdminEmail } from "./is-admin-email";
import { checkLostSession } from "./check-lost-session";
import { auth } from "./config";

export type ViewerRole = "researcher" | "admin";

/** The signed-in person with what authorization needs: role, finished onboarding, exclusion. */
export interface Viewer {
  id: string;
  name: string | null;
  email: string | null;
  role: ViewerRole;
  isAdmin: boolean;
  /** The researcher profile is complete (onboarding done). */
  onboarded: boolean;
  excluded: boolean;
}

/** Loads a user's authorization facts; admins come from ADMIN_EMAILS or ResearcherProfile.role. */
export async function loadViewer(userId: string): Promise<Viewer | null> {
  const user = await getDb().user.findUnique({ where: { id: userId }, include: { profile: true } });
  if (!user) return null;
  const isAdmin = user.profile?.role === "ADMIN" || isAdminEmail(user.email, getEnv().ADMIN_EMAILS);
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: isAdmin ? "admin" : "researcher",
    isAdmin,
    onboarded: isProfileComplete(user.profile),
    excluded: user.profile?.excludedAt != null,
  };
}

/** The signed-in viewer, or null when signed out (or when the session's user no longer exists). */
export async function getViewer(): Promise<Viewer | null> {
  let id = (await auth())?.user?.id;
  if (!id && (await checkLostSession())) id = (await auth())?.user?.id;
  return id ? loadViewer(id) : null;
}
