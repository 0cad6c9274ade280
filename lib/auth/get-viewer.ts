import { getDb, getPool } from "@/lib/db";
import { preparedQuery } from "@/lib/db/prepared";
import { utcTimestamp } from "@/lib/db/utc-timestamp";
import { getEnv } from "@/lib/env";
import { isProfileComplete, type ProfileFields } from "@/lib/profile/is-profile-complete";
import { isAdminEmail } from "./is-admin-email";
import { extendSession, SESSION_MAX_AGE_SECONDS, SESSION_REFRESH_MS } from "./session-lifetime";
import { sessionTokenFromCookies } from "./session-cookie";

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

interface ViewerFacts {
  id: string;
  name: string | null;
  email: string | null;
  profile: (ProfileFields & { role: string; excludedAt: unknown }) | null;
}

function toViewer(user: ViewerFacts): Viewer {
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

/** Loads a user's authorization facts; admins come from ADMIN_EMAILS or ResearcherProfile.role. */
export async function loadViewer(userId: string): Promise<Viewer | null> {
  const user = await getDb().user.findUnique({ where: { id: userId }, include: { profile: true } });
  return user ? toViewer(user) : null;
}

/**
 * The viewer a session token belongs to, or null when there is no such unexpired session. One query (session,
 * user and profile together) instead of Auth.js's session read plus a user read: every API call pays for it.
 * Extends the session row at most once a day, as the cookie's own encoding does.
 */
export async function findSessionViewer(sessionToken: string, now = new Date()): Promise<Viewer | null> {
  const refreshBefore = new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000 - SESSION_REFRESH_MS);
  const { rows } = await getPool().query<{
    id: string;
    name: string | null;
    email: string | null;
    stale: boolean;
    hasProfile: boolean;
    role: string | null;
    discipline: string | null;
    subfield: string | null;
    careerStage: string | null;
    publicationBand: string | null;
    termsConsentAt: Date | null;
    excludedAt: Date | null;
  }>(
    await preparedQuery(
      getPool(),
      "viewer-by-session",
      `SELECT u.id, u.name, u.email, s.expires < $3::timestamp(3) AS stale, p."userId" IS NOT NULL AS "hasProfile",
            p.role::text AS role, p.discipline, p.subfield, p."careerStage", p."publicationBand", p."termsConsentAt", p."excludedAt"
       FROM "Session" s
       JOIN "User" u ON u.id = s."userId"
       LEFT JOIN "ResearcherProfile" p ON p."userId" = u.id
      WHERE s."sessionToken" = $1 AND s.expires > $2::timestamp(3)`,
      [sessionToken, utcTimestamp(now), utcTimestamp(refreshBefore)],
    ),
  );
  const row = rows[0];
  if (!row) return null;
  if (row.stale) await extendSession(sessionToken, SESSION_MAX_AGE_SECONDS, now);
  // pg reads the two timestamps in the process's time zone; only whether they are set matters here.
  const { hasProfile, role, discipline, subfield, careerStage, publicationBand, termsConsentAt, excludedAt } = row;
  return toViewer({
    id: row.id,
    name: row.name,
    email: row.email,
    profile: hasProfile ? { role: role ?? "RESEARCHER", discipline, subfield, careerStage, publicationBand, termsConsentAt, excludedAt } : null,
  });
}

/**
 * The signed-in viewer, or null when signed out (or when the session's user no longer exists). A database
 * outage throws (the route answers 503) instead of passing for "signed out".
 */
export async function getViewer(): Promise<Viewer | null> {
  const token = await sessionTokenFromCookies();
  return token ? findSessionViewer(token) : null;
}
