import { AppError } from "@/lib/errors";
import { findSessionViewer, getViewer, type Viewer } from "./get-viewer";

/** A signed-in user who finished onboarding (profile and terms); asking and voting need this. */
export async function requireResearcher(): Promise<Viewer> {
  return researcherOnly(await getViewer());
}

/**
 * requireResearcher for a session token read by the caller (code outside Next's request scope, where cookies()
 * is not available: the fast vote path, lib/http/fast-vote.ts).
 */
export async function requireResearcherBySession(sessionToken: string | null): Promise<Viewer> {
  return researcherOnly(sessionToken ? await findSessionViewer(sessionToken) : null);
}

function researcherOnly(viewer: Viewer | null): Viewer {
  if (!viewer) throw new AppError("unauthorized", "Sign in to do this.");
  if (!viewer.onboarded) {
    throw new AppError("profile_required", "Finish your researcher profile first (/onboarding): discipline, career stage and consent to the terms.");
  }
  return viewer;
}
