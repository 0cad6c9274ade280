import { AppError } from "@/lib/errors";
import { getViewer, type Viewer } from "./get-viewer";

/** A signed-in user who finished onboarding (profile and terms); asking and voting need this. */
export async function requireResearcher(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) throw new AppError("unauthorized", "Sign in to do this.");
  if (!viewer.onboarded) {
    throw new AppError("profile_required", "Finish your researcher profile first (/onboarding): discipline, career stage and consent to the terms.");
  }
  return viewer;
}
